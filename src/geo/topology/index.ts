/** The planner's topology (issue 11): build, read, edit, undo. */
export type { Edit, NearEdge, NearVertex, Topology, TopoLayer, TopoPatch, TopoUnit, VertexMove } from './types';
export { buildTopology, type TopologyInput, type TopologyOptions } from './build';
export { unitGeometry, unitIds, unitOf, vertexAt } from './geometry';
export { applyPatch } from './patch';
export { findVertex, nearestEdge, nearestVertex } from './find';
export { moveVertices } from './move';
export { unitAreaM2 } from './geom';
export { cuts, splitUnit } from './split';
export { mergeUnits } from './merge';
export { insertVertex, deleteVertex } from './vertex';
export { addUnit, removeUnit, renameUnit, type NewUnit } from './units';
export { unitsInBox, unitsUsing } from './spatial';

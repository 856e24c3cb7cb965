/**
 * Reading zip archives (zipped Shapefiles, KMZ) without trusting them. The central directory is read first and the
 * declared uncompressed sizes of the entries a reader asks for are added up before anything is inflated; then each
 * entry is inflated in small steps with a running byte count, so an entry that inflates past the size it declares
 * (a zip bomb lies about it) is stopped after at most one step. Entries are never written anywhere, so paths are
 * only names here.
 */
import { Inflate } from 'fflate';
import { ImportError } from './types';

/** Largest uncompressed size of the entries read from one zip, together, unless the caller says otherwise. */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024;

/** Compressed bytes handed to the inflater at a time: one step inflates to at most about 1,032 times this. */
const INFLATE_STEP = 16 * 1024;

/** One entry of a zip's central directory. */
export interface ZipEntry {
  /** The path in the zip, decoded (UTF-8 when flagged or valid, else the fallback encoding, GBK by default). */
  name: string;
  /** Compression method: 0 stored, 8 deflated; others are refused when read. */
  method: number;
  /** General purpose flags (bit 0: encrypted). */
  flags: number;
  compressedSize: number;
  /** Uncompressed size as the central directory declares it (not trusted: checked while inflating). */
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

/** A size shown to a person: "1.5 MB", "830 bytes". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Decodes an entry name: UTF-8 when the zip says so (flag bit 11) or when the bytes are valid UTF-8 (pure ASCII
 * is), else `fallback` (old Windows zippers write names in the system code page: GBK on Chinese Windows).
 */
function decodeName(bytes: Uint8Array, utf8Flag: boolean, fallback: string): string {
  if (utf8Flag) return new TextDecoder('utf-8').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder(fallback).decode(bytes);
    } catch {
      return new TextDecoder('utf-8').decode(bytes);
    }
  }
}

/** A 64-bit little-endian size that must fit a JavaScript number (a zip this reader can hold in memory). */
function readUint64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

/**
 * The entries of the zip `bytes` (directories included, in central-directory order). Throws ImportError
 * `notZip` (not a zip at all) or `zipCorrupt` (a zip whose directory cannot be read), placed at `place`.
 */
export function listZipEntries(bytes: Uint8Array, place: string, nameFallback = 'gbk'): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (why: string) => new ImportError('zipCorrupt', `is a damaged zip file (${why})`, place);
  if (bytes.length < 22) {
    throw new ImportError(
      'notZip',
      bytes.length === 0 ? 'is empty (0 bytes)' : 'is not a zip file (too short)',
      place,
    );
  }
  // The end-of-central-directory record sits at the end, before a comment of at most 65,535 bytes.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === SIG_EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) {
    const local = view.getUint32(0, true) === SIG_LOCAL;
    throw local
      ? corrupt('its directory at the end is missing: cut short?')
      : new ImportError('notZip', 'is not a zip file', place);
  }
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // Zip64: a locator just before the record points to the zip64 end-of-central-directory record.
    const locator = eocd - 20;
    if (locator >= 0 && view.getUint32(locator, true) === SIG_ZIP64_LOCATOR) {
      const z = readUint64(view, locator + 8);
      if (z + 56 > bytes.length || view.getUint32(z, true) !== SIG_ZIP64_EOCD)
        throw corrupt('bad zip64 record');
      count = readUint64(view, z + 32);
      cdSize = readUint64(view, z + 40);
      cdOffset = readUint64(view, z + 48);
    }
  }
  if (cdOffset + cdSize > bytes.length)
    throw corrupt('its directory points past the end of the file: cut short?');
  // Each central entry takes at least 46 bytes: a count the directory cannot hold is a lie.
  if (count * 46 > cdSize) throw corrupt('its directory is shorter than its entry count');
  const entries: ZipEntry[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cdOffset + cdSize || view.getUint32(at, true) !== SIG_CENTRAL) {
      throw corrupt(`entry ${i + 1} of its directory cannot be read`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localOffset = view.getUint32(at + 42, true);
    const nameStart = at + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > cdOffset + cdSize) throw corrupt(`entry ${i + 1} of its directory runs past the directory`);
    const name = decodeName(bytes.subarray(nameStart, extraStart), (flags & 0x800) !== 0, nameFallback);
    // The zip64 extra field holds, in this order, the sizes and offset whose 32-bit fields are all ones.
    for (let e = extraStart; e + 4 <= extraStart + extraLength;) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let f = e + 4;
        const end = Math.min(e + 4 + len, extraStart + extraLength);
        if (size === 0xffffffff && f + 8 <= end) {
          size = readUint64(view, f);
          f += 8;
        }
        if (compressedSize === 0xffffffff && f + 8 <= end) {
          compressedSize = readUint64(view, f);
          f += 8;
        }
        if (localOffset === 0xffffffff && f + 8 <= end) localOffset = readUint64(view, f);
      }
      e += 4 + len;
    }
    entries.push({ name, method, flags, compressedSize, size, localOffset });
    at = next;
  }
  return entries;
}

/** Whether an entry is no file of the user's: a directory, macOS resource forks (`__MACOSX/`), dot files. */
export function isIgnoredEntry(name: string): boolean {
  if (name.endsWith('/') || name.endsWith('\\')) return true;
  const parts = name.split(/[/\\]/);
  if (parts.some((p) => p === '__MACOSX')) return true;
  return parts[parts.length - 1].startsWith('.');
}

/** The entry's file name without its folders. */
export function entryBaseName(name: string): string {
  const parts = name.split(/[/\\]/);
  return parts[parts.length - 1];
}

/** The entry's extension, lower case, without the dot ('' when none). */
export function entryExtension(name: string): string {
  const base = entryBaseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Options of `inflateEntries`. */
export interface InflateOptions {
  /** Where errors about the zip itself are placed: the zip's file name. */
  place: string;
  maxUncompressedBytes?: number;
  /** Called with the share of compressed bytes read (0–1), about every 10%. */
  onProgress?: (done: number) => void;
}

/**
 * Inflates `wanted` entries of the zip `bytes`, in their order. Before inflating anything, refuses (ImportError
 * `zipTooLarge`) when their declared sizes together exceed the limit; while inflating, refuses an entry as soon as
 * it inflates past its declared size (`zipTooLarge`: so the limit holds whatever the zip says), and an entry that
 * inflates to less than it declares or whose data is damaged (`zipCorrupt`). Encrypted entries and compression
 * methods other than stored and deflate are refused (`zipUnsupported`).
 */
export function inflateEntries(bytes: Uint8Array, wanted: ZipEntry[], options: InflateOptions): Uint8Array[] {
  const { place } = options;
  const max = options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES;
  const declared = wanted.reduce((sum, e) => sum + e.size, 0);
  if (declared > max) {
    throw new ImportError(
      'zipTooLarge',
      `would take ${formatBytes(declared)} uncompressed, more than the ${formatBytes(max)} allowed`,
      place,
    );
  }
  for (const e of wanted) {
    if (e.flags & 1) throw new ImportError('zipUnsupported', `${e.name} is password-protected`, place);
    if (e.method !== 0 && e.method !== 8) {
      throw new ImportError(
        'zipUnsupported',
        `${e.name} uses compression method ${e.method}; re-create the zip with ordinary (deflate) compression`,
        place,
      );
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const totalCompressed = wanted.reduce((sum, e) => sum + e.compressedSize, 0) || 1;
  let doneCompressed = 0;
  let reported = 0;
  const progress = (n: number) => {
    doneCompressed += n;
    const share = doneCompressed / totalCompressed;
    if (options.onProgress && share - reported >= 0.1) {
      reported = share;
      options.onProgress(share);
    }
  };
  return wanted.map((e) => {
    const corrupt = (why: string) => new ImportError('zipCorrupt', `${e.name} is damaged (${why})`, place);
    const at = e.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== SIG_LOCAL) throw corrupt('no local header');
    const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const dataEnd = dataStart + e.compressedSize;
    if (dataEnd > bytes.length) throw corrupt('its data runs past the end of the zip: cut short?');
    const data = bytes.subarray(dataStart, dataEnd);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw corrupt('stored size and declared size differ');
      progress(data.length);
      return data.slice();
    }
    return inflateLimited(data, e, place, progress);
  });
}

/** Thrown from the inflater's callback to stop it. */
class TooLarge extends Error {}

/** Inflates one deflated entry in steps, stopping as soon as the output passes the entry's declared size. */
function inflateLimited(
  data: Uint8Array,
  e: ZipEntry,
  place: string,
  progress: (n: number) => void,
): Uint8Array {
  let out: Uint8Array;
  try {
    out = new Uint8Array(e.size);
  } catch {
    throw new ImportError(
      'zipTooLarge',
      `${e.name} is too large to read here (${formatBytes(e.size)})`,
      place,
    );
  }
  let length = 0;
  const inflater = new Inflate((chunk) => {
    if (length + chunk.length > e.size) throw new TooLarge();
    out.set(chunk, length);
    length += chunk.length;
  });
  try {
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
    for (let i = 0; i < data.length; i += INFLATE_STEP) {
      const end = Math.min(i + INFLATE_STEP, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
      progress(end - i);
    }
  } catch (err) {
    if (err instanceof TooLarge) {
      throw new ImportError(
        'zipTooLarge',
        `${e.name} inflates to more than the ${formatBytes(e.size)} its zip header declares (a damaged zip or a zip bomb); refused`,
        place,
      );
    }
    throw new ImportError(
      'zipCorrupt',
      `${e.name} is damaged (its compressed data cannot be inflated)`,
      place,
    );
  }
  if (length !== e.size) {
    throw new ImportError(
      'zipCorrupt',
      `${e.name} is damaged (it inflates to ${formatBytes(length)}, not the ${formatBytes(e.size)} declared)`,
      place,
    );
  }
  return out;
}

import zlib from "node:zlib";

/** An entry of a test zip: small text as it is, or `bytes` bytes of `pattern` repeated (a bomb's payload). */
export type BombEntry = { name: string; text: string } | { name: string; pattern: string; bytes: number };

const BLOCK = 1024 * 1024;

/**
 * A zip whose big entries are never held unpacked, not even while building: one megabyte of the pattern is
 * deflated once into non-final blocks (sync flush) and those bytes are repeated, which is a valid deflate stream
 * of the repeated megabyte; the CRC runs over the same megabyte again and again. 600 MB of one repeated
 * character come out at about 600 KB, as in the bomb the issue reported.
 */
export function buildZip(entries: BombEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { data, crc, size } = "text" in entry ? deflateText(entry.text) : deflateRepeated(entry.pattern, entry.bytes);
    const name = Buffer.from(entry.name, "utf8");
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(0x21, 10); // 1980-01-01 00:00 (DOS date/time)
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    header.copy(record, 6, 4, 30); // same fields from "version needed" to "name length"/"extra length"
    record.writeUInt32LE(offset, 42);
    central.push(record, name);
    locals.push(header, name, data);
    offset += header.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function deflateText(text: string) {
  const bytes = Buffer.from(text, "utf8");
  return { data: zlib.deflateRawSync(bytes), crc: zlib.crc32(bytes), size: bytes.length };
}

function deflateRepeated(pattern: string, bytes: number) {
  if (bytes >= 2 ** 32) throw new Error("buildZip writes no zip64: keep an entry under 4 GiB");
  const unit = Buffer.from(pattern, "utf8");
  const block = Buffer.alloc(BLOCK - (BLOCK % unit.length));
  for (let at = 0; at < block.length; at += unit.length) unit.copy(block, at);
  const flushed = zlib.deflateRawSync(block, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const parts: Buffer[] = [];
  let crc = 0;
  let left = bytes;
  while (left > block.length) {
    parts.push(flushed);
    crc = zlib.crc32(block, crc);
    left -= block.length;
  }
  const last = block.subarray(0, left);
  parts.push(zlib.deflateRawSync(last, { level: 9 }));
  crc = zlib.crc32(last, crc);
  return { data: Buffer.concat(parts), crc, size: bytes };
}

import { crc32 } from 'node:zlib';

/**
 * A minimal zip writer (STORED entries, no compression) for the specs' module archives: local
 * headers, data, central directory, end record — enough for the server's inspection.
 */
export function storedZip(files: { name: string; data: Buffer | string }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const data = typeof f.data === 'string' ? Buffer.from(f.data) : f.data;
    const name = Buffer.from(f.name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5821, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(0x031e, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(0, 10);
    cd.writeUInt16LE(0, 12);
    cd.writeUInt16LE(0x5821, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += local.length + name.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, end]);
}

/** A module archive: manifest, sources, and `padding` bytes of incompressible data (to watch the progress bar). */
export function moduleArchive(slug: string, version: string, padding = 0): Buffer {
  const manifest = {
    slug,
    version,
    core: [{ software: 'webkernel', min: '2.0.0', max: null }],
    dependencies: [{ module: 'crm-pro', minVersion: '1.0.0', required: false, type: 'integration' }],
  };
  const noise = Buffer.alloc(padding);
  for (let i = 0; i < padding; i++) noise[i] = (i * 2654435761) >>> 24;
  return storedZip([
    { name: 'webkernel-module.json', data: JSON.stringify(manifest, null, 2) },
    { name: 'src/Module.php', data: `<?php\n// ${slug} ${version}\n` },
    ...(padding ? [{ name: 'assets/bundle.bin', data: noise }] : []),
  ]);
}

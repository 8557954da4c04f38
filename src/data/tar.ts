// A minimal tar (ustar) writer, so one loader can print many JSON files at once (Framework
// extracts the members of `x.tar` as `x/<member>`). Node only.

function entete(nom: string, taille: number): Buffer {
  const b = Buffer.alloc(512);
  if (Buffer.byteLength(nom) > 100) throw new Error(`nom de fichier trop long pour l'archive : ${nom}`);
  b.write(nom, 0, 'utf8');
  b.write('0000644\0', 100);
  b.write('0000000\0', 108);
  b.write('0000000\0', 116);
  b.write(`${taille.toString(8).padStart(11, '0')}\0`, 124);
  b.write('00000000000\0', 136); // mtime 0: the archive depends only on its content
  b.write('        ', 148);
  b.write('0', 156);
  b.write('ustar\0', 257);
  b.write('00', 263);
  let somme = 0;
  for (const x of b) somme += x;
  b.write(`${somme.toString(8).padStart(6, '0')}\0 `, 148);
  return b;
}

/** A tar archive of the given files (name → content). */
export function archiveTar(fichiers: Iterable<[string, string | Buffer]>): Buffer {
  const parts: Buffer[] = [];
  for (const [nom, contenu] of fichiers) {
    const corps = typeof contenu === 'string' ? Buffer.from(contenu, 'utf8') : contenu;
    parts.push(entete(nom, corps.length), corps, Buffer.alloc((512 - (corps.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

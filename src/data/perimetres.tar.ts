// Prints a tar archive of one JSON per scope — national.json, organisme-<code>.json,
// departement-<code>.json —, each the published figures of that scope with its parents (and
// its children's main figures): one file per bilan page, read as data/perimetres/<name>.json.
import { archiveTar } from './tar.ts';
import { lireBilans, ouvrirLecture } from './lecture.ts';

const lecture = await ouvrirLecture();
try {
  const bilans = await lireBilans(lecture.con);
  process.stderr.write(`perimetres : ${bilans.size} bilans\n`);
  process.stdout.write(archiveTar([...bilans].map(([nom, bilan]) => [`${nom}.json`, JSON.stringify(bilan)])));
} finally {
  lecture.fermer();
}

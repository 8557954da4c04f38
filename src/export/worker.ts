// A worker thread of `bilan export --scope all`: renders the charts, tables and workbook of the
// scopes it is sent (./perimetre.ts), returns their manifest and the HTML of their report.
// The metadata and the published evaluation come once, in workerData; each message carries one scope's published figures.
import { parentPort, workerData } from 'node:worker_threads';
import type { BilanPerimetre, Meta } from '../data/site-model.ts';
import type { ResultatPilote } from '../evaluation/index.ts';
import { exporterPerimetre, type ParametresPerimetre } from './scope.ts';

/** A job sent to a worker. */
export interface Tache {
  id: number;
  cle: string;
  bilan: BilanPerimetre;
  parametres: ParametresPerimetre;
}

const { meta, evaluation } = workerData as { meta: Meta; evaluation: ResultatPilote[] };

parentPort!.on('message', (t: Tache) => {
  exporterPerimetre(t.bilan, meta, t.parametres, t.cle, evaluation).then(
    (resultat) => parentPort!.postMessage({ id: t.id, resultat }),
    (e: unknown) => parentPort!.postMessage({ id: t.id, erreur: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }),
  );
});

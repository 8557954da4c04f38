// The commands of `bilan` and their options, declared once (../shared/spec/cli.md fixes generate,
// ingest, figures and export): main.ts lists them, each command parses with its declaration, and
// `bilan CMD --help` prints it. No heavy import here, so that `bilan --help` answers at once.
import { DB_OPTION, JSON_OPTION, SCOPE_OPTION, THRESHOLD_OPTION, type CommandSpec } from './args.ts';

export const GENERATE: CommandSpec = {
  name: 'generate',
  summary: 'écrit un extrait synthétique anonymisé au format du contrat de données',
  options: {
    out: { type: 'string', value: 'DOSSIER', description: "dossier de l'extrait (obligatoire)" },
    scale: { type: 'string', value: 'ECHELLE', description: 'departement, region ou national (défaut)' },
    years: { type: 'string', value: 'AAAA-AAAA', description: 'années (défaut 2020-2025)' },
    seed: { type: 'string', value: 'N', description: 'graine (défaut 1) : même graine, mêmes octets' },
    format: { type: 'string', value: 'FORMAT', description: 'csv (défaut) ou parquet' },
    departement: { type: 'string', value: 'CODE', description: "département de l'échelle departement (défaut 10)" },
    organisme: { type: 'string', value: 'CODE', description: "organisme de l'échelle region (défaut CARSAT_LR)" },
    messy: { type: 'boolean', description: 'écrit les mêmes données avec les défauts des extraits réels, listés dans defauts.json' },
    'sans-effet': {
      type: 'boolean',
      description: "effets des dispositifs pilotes mis à zéro, tout le reste identique (validation de l'évaluation)",
    },
    json: JSON_OPTION,
  },
};

export const INGEST: CommandSpec = {
  name: 'ingest',
  summary: "valide et charge un extrait dans l'entrepôt DuckDB",
  positionals: { names: ['DOSSIER'], min: 1, max: 1 },
  options: {
    db: DB_OPTION,
    json: { type: 'boolean', description: 'écrit le rapport de chargement en JSON sur la sortie standard' },
    strict: { type: 'boolean', description: 'code de sortie 1 si une ligne ou un fichier a été écarté' },
  },
};

export const FIGURES: CommandSpec = {
  name: 'figures',
  summary: "calcule les indicateurs bruts d'une année et d'un périmètre (sans règle de confidentialité)",
  options: {
    data: { type: 'string', value: 'DOSSIER', description: "charge d'abord ce dossier dans un entrepôt temporaire" },
    db: DB_OPTION,
    year: { type: 'string', value: 'ANNEE', description: 'année (obligatoire)' },
    scope: SCOPE_OPTION,
    json: JSON_OPTION,
  },
};

export const AUDIT: CommandSpec = {
  name: 'audit',
  summary: 'publie si besoin, puis vérifie que rien de publié ne révèle un petit effectif',
  options: {
    db: DB_OPTION,
    threshold: THRESHOLD_OPTION,
    method: { type: 'string', value: 'METHODE', description: 'auto (défaut), lp ou intervalles' },
    republish: { type: 'boolean', description: 'republie même si rien n’a changé', aliases: ['republier'] },
    json: JSON_OPTION,
  },
};

export const EXPORT: CommandSpec = {
  name: 'export',
  summary: "exporte graphiques, tableaux et rapport PDF d'un bilan (ensemble publié seulement)",
  options: {
    year: { type: 'string', value: 'ANNEE', description: 'année (obligatoire)' },
    scope: { ...SCOPE_OPTION, description: 'national (défaut), organisme:CODE, departement:CODE ou all' },
    out: { type: 'string', value: 'DOSSIER', description: 'dossier de sortie (défaut reports/ANNEE/PERIMETRE)' },
    db: DB_OPTION,
    'no-pdf': { type: 'boolean', description: "n'écrit pas le rapport PDF", aliases: ['sans-pdf'] },
    jobs: { type: 'string', value: 'N', description: 'fils de rendu en parallèle (défaut : les cœurs)' },
    json: JSON_OPTION,
  },
};

export const BUILD: CommandSpec = {
  name: 'build',
  summary: 'chaîne complète : extrait → entrepôt → indicateurs → publication → site statique',
  options: {
    extract: { type: 'string', value: 'DOSSIER', description: "dossier de l'extrait (défaut data/extract, généré s'il manque)" },
    db: DB_OPTION,
    out: { type: 'string', value: 'DOSSIER', description: 'dossier du site (défaut : variable BILAN_SITE, sinon dist/)' },
    threshold: THRESHOLD_OPTION,
    'site-only': {
      type: 'boolean',
      description: "reconstruit seulement le site à partir de l'entrepôt tel quel",
      aliases: ['site-seulement'],
    },
  },
};

export const SERVE: CommandSpec = {
  name: 'serve',
  summary: 'sert le site construit sur ce poste, comme un serveur web ordinaire (http://127.0.0.1:8080/)',
  positionals: { names: ['[DOSSIER]'], min: 0, max: 1 },
  options: {
    port: { type: 'string', value: 'N', description: 'port (défaut 8080 ; 0 : un port libre)' },
    base: { type: 'string', value: '/CHEMIN/', description: "sous-chemin de l'adresse du site, comme sur l'intranet (défaut /)" },
    host: { type: 'string', value: 'ADRESSE', description: "interface d'écoute (défaut 127.0.0.1 : ce poste seulement)" },
  },
};

/** Every command, in the order of the pipeline. */
export const COMMANDS: readonly CommandSpec[] = [GENERATE, INGEST, FIGURES, AUDIT, EXPORT, BUILD, SERVE];

// French messages of every rule of the input contract (RULE_CODES in tables.ts): what a user
// reads in the load report, the rejects table and docs/data-contract.md. Templates carry
// placeholders in braces: {fichier}, {colonne}, {valeur}, {attendu}, {detail}, {ligne}.
// Every parameter goes through the privacy rule's masking function (shownValue, privacy.ts):
// no NIR-shaped value, invisible characters shown as [U+XXXX].
import { shownValue } from './privacy.ts';
import type { RuleCode } from './schema.ts';

/** What a rule code applies to: one row (rejected), a whole file (refused), or a warning. */
export type RuleKind = 'ligne' | 'fichier' | 'avertissement';

/** Kind, short French title and message template of one rule code. */
export interface RuleText {
  kind: RuleKind;
  title: string;
  template: string;
}

/** Every rule code with its kind, title and French message template. */
export const RULE_TEXTS: Readonly<Record<RuleCode, RuleText>> = {
  valeur_manquante: {
    kind: 'ligne',
    title: 'Valeur obligatoire manquante',
    template: 'Valeur manquante dans la colonne « {colonne} » : {detail}.',
  },
  code_inconnu: {
    kind: 'ligne',
    title: 'Code hors de la liste admise',
    template: 'Code inconnu « {valeur} » dans la colonne « {colonne} » : codes admis (en majuscules) {attendu}.',
  },
  departement_inconnu: {
    kind: 'ligne',
    title: 'Département inconnu',
    template: 'Département inconnu « {valeur} » dans la colonne « {colonne} » : code INSEE attendu (01 à 95, 2A, 2B, 971 à 976).',
  },
  date_invalide: {
    kind: 'ligne',
    title: 'Date invalide ou impossible',
    template:
      'Date invalide « {valeur} » dans la colonne « {colonne} » : une date existante au format AAAA-MM-JJ ou JJ/MM/AAAA est attendue.',
  },
  entier_invalide: {
    kind: 'ligne',
    title: 'Nombre entier invalide',
    template: 'Nombre entier invalide « {valeur} » dans la colonne « {colonne} » : chiffres seuls attendus.',
  },
  nombre_invalide: {
    kind: 'ligne',
    title: 'Nombre décimal invalide',
    template: 'Nombre invalide « {valeur} » dans la colonne « {colonne} » : nombre attendu, décimales après « . » ou « , ».',
  },
  hors_bornes: {
    kind: 'ligne',
    title: 'Valeur hors bornes',
    template: 'Valeur {valeur} hors bornes dans la colonne « {colonne} » : valeur attendue {attendu} (bornes comprises).',
  },
  doublon: {
    kind: 'ligne',
    title: 'Identifiant en double',
    template: 'Identifiant en double « {valeur} » (colonne « {colonne} ») : {detail} ; seule la première occurrence est chargée.',
  },
  reference_inconnue: {
    kind: 'ligne',
    title: 'Référence à une ligne inconnue',
    template:
      "Référence inconnue : « {valeur} » (colonne « {colonne} ») n'existe ni dans les fichiers {attendu} de cet extrait ni dans l'entrepôt.",
  },
  parent_rejete: {
    kind: 'ligne',
    title: 'Ligne parente rejetée',
    template:
      'Ligne parente rejetée : « {valeur} » (colonne « {colonne} ») renvoie à une ligne {attendu} {detail} ; cette ligne est donc rejetée aussi.',
  },
  date_hors_accompagnement: {
    kind: 'ligne',
    title: "Date hors de la période de l'accompagnement",
    template:
      "Date « {valeur} » hors de la période de l'accompagnement {detail} : elle doit être comprise entre sa date_debut et sa date_fin (bornes comprises).",
  },
  date_fin_avant_debut: {
    kind: 'ligne',
    title: 'Date de fin avant la date de début',
    template: 'date_fin « {valeur} » antérieure à date_debut « {detail} ».',
  },
  valeur_interdite: {
    kind: 'ligne',
    title: 'Valeur là où la colonne doit être vide',
    template: 'Valeur interdite « {valeur} » dans la colonne « {colonne} » : {detail}.',
  },
  nombre_de_champs: {
    kind: 'ligne',
    title: 'Nombre de champs incorrect',
    template:
      "La ligne compte {valeur} champ(s) au lieu de {attendu} (ceux de l'en-tête) : vérifier le séparateur et mettre entre guillemets les champs qui contiennent le séparateur ou un retour à la ligne.",
  },
  caractere_invalide: {
    kind: 'ligne',
    title: 'Caractère illisible dans la ligne',
    template:
      'Octet(s) invalide(s) en {detail} dans cette ligne (montré(s) « \uFFFD ») : la ligne est rejetée ; réenregistrer le fichier en UTF-8.',
  },
  valeur_non_finie: {
    kind: 'ligne',
    title: 'Nombre non fini (NaN, infini)',
    template:
      "Valeur non finie « {valeur} » dans la colonne « {colonne} » : NaN ou infini (valeur manquante ou calcul impossible dans l'outil qui a écrit le fichier) ; un nombre est attendu.",
  },
  date_ambigue: {
    kind: 'ligne',
    title: 'Date ambiguë (ordre jour/mois)',
    template: 'Date « {valeur} » ambiguë dans la colonne « {colonne} » : {detail}.',
  },
  enregistrement_trop_long: {
    kind: 'ligne',
    title: 'Enregistrement trop long',
    template:
      "Enregistrement de {valeur} octets : au-delà de {attendu} octets un enregistrement est rejeté (guillemet non refermé, ou fichier qui n'est pas un tableau ?) ; seul son début est gardé.",
  },
  fichier_illisible: {
    kind: 'fichier',
    title: 'Fichier illisible',
    template: "Fichier « {fichier} » illisible : {detail}. Fichier refusé en entier, rien n'est chargé.",
  },
  fichier_vide: {
    kind: 'fichier',
    title: 'Fichier vide',
    template: "Fichier « {fichier} » vide : pas de ligne d'en-tête. Fichier refusé.",
  },
  colonne_manquante: {
    kind: 'fichier',
    title: 'Colonne obligatoire absente',
    template: "Fichier « {fichier} » refusé : la colonne obligatoire « {colonne} » est absente de l'en-tête. Rien n'est chargé.",
  },
  colonne_identifiante: {
    kind: 'fichier',
    title: 'Colonne nommée comme un identifiant direct',
    template:
      "Fichier « {fichier} » refusé : la colonne « {colonne} » porte le nom d'un identifiant direct ({attendu}), interdit dans un extrait anonymisé. Rien n'est chargé.",
  },
  donnees_identifiantes: {
    kind: 'fichier',
    title: 'Numéro de sécurité sociale (NIR) dans le fichier',
    template:
      "Fichier « {fichier} » refusé : la colonne « {colonne} » contient ce qui a la forme d'un numéro de sécurité sociale (NIR avec clé valide), première fois ligne {ligne}. Un extrait anonymisé ne doit pas en contenir. Rien n'est chargé.",
  },
  colonne_ignoree: {
    kind: 'avertissement',
    title: 'Colonne hors contrat ignorée',
    template: 'Colonne « {colonne} » hors contrat : elle est ignorée.',
  },
  isic_moins_3_seances: {
    kind: 'avertissement',
    title: 'ISIC de moins de 3 séances',
    template: 'ISIC de {valeur} séance(s) : {detail}.',
  },
  table_inconnue: {
    kind: 'avertissement',
    title: 'Fichier sans table connue, ignoré',
    template: 'Fichier « {fichier} » ignoré : {detail}.',
  },
  deja_charge: {
    kind: 'avertissement',
    title: 'Fichier déjà traité',
    template: "Fichier « {fichier} » identique (même empreinte SHA-256) à « {valeur} », déjà traité le {detail} : il n'est pas relu.",
  },
  nom_de_fichier_normalise: {
    kind: 'avertissement',
    title: 'Nom de fichier normalisé',
    template:
      'Fichier « {fichier} » rattaché à la table « {attendu} » une fois son nom normalisé (accents, majuscules, espaces) : nom attendu « {attendu}.csv », « {attendu}_….csv »…',
  },
  format_selon_contenu: {
    kind: 'avertissement',
    title: 'Extension qui ne correspond pas au contenu',
    template:
      "Fichier « {fichier} » : son extension « {valeur} » ne correspond pas à son contenu, qui est {attendu} ; il est lu d'après son contenu. Renommer le fichier avec la bonne extension.",
  },
  dossier_jeu_de_donnees: {
    kind: 'avertissement',
    title: 'Dossier lu comme un jeu de données',
    template:
      "Fichier « {fichier} » lu comme un fichier de la table « {attendu} » : le dossier « {valeur} » est lu comme un jeu de données (tel que pandas, pyarrow ou Spark écrivent une table), ses {detail} fichier(s) de données l'un après l'autre, les fichiers de service (_SUCCESS, _common_metadata, .crc…) ignorés.",
  },
  separateur_indique: {
    kind: 'avertissement',
    title: "Ligne « sep= » d'Excel",
    template:
      'Fichier « {fichier} » : première ligne « {valeur} » (indication de séparateur écrite par Excel) reconnue et ignorée ; séparateur « {attendu} », en-tête ligne {ligne}.',
  },
  en_tete_normalise: {
    kind: 'avertissement',
    title: 'Nom de colonne normalisé',
    template:
      'En-tête « {valeur} » lu comme la colonne « {colonne} » (comparé sans majuscules, accents ni espaces autour, Unicode normalisé).',
  },
  en_tete_repete: {
    kind: 'avertissement',
    title: 'En-tête répété dans le fichier',
    template:
      "Ligne {ligne} : un nouvel en-tête (fichiers mis bout à bout ?) ; les lignes qui suivent sont lues avec cet en-tête{detail}. Cette ligne n'est pas un enregistrement.",
  },
  lignes_avant_en_tete: {
    kind: 'avertissement',
    title: "Lignes avant l'en-tête ignorées",
    template:
      "Fichier « {fichier} » : {valeur} ligne(s) avant l'en-tête (titre, date d'extraction…) ignorée(s) ; l'en-tête est la ligne {ligne}, la première qui nomme des colonnes du contrat.",
  },
  lignes_vides: {
    kind: 'avertissement',
    title: 'Lignes sans aucune valeur ignorées',
    template:
      "{valeur} ligne(s) faites seulement de séparateurs (ligne vide d'un tableur) ignorée(s), comptées comme des lignes blanches ; première fois ligne {ligne}.",
  },
  guillemet_isole: {
    kind: 'avertissement',
    title: 'Guillemet seul dans un champ (« idem »), lu comme un caractère',
    template:
      "{valeur} ligne(s) où un champ est un guillemet seul (« idem » d'un tableur), qui n'ouvre aucun champ entre guillemets puisque la ligne seule a le nombre de champs de l'en-tête : il est lu comme un caractère ; première fois ligne {ligne}.",
  },
  champs_vides_en_fin: {
    kind: 'avertissement',
    title: "Champs vides après la dernière colonne de l'en-tête",
    template:
      "{valeur} ligne(s) ont des champs vides après la dernière colonne de l'en-tête (séparateur en fin de ligne), ignorés ; première fois ligne {ligne}.",
  },
  espaces_invisibles: {
    kind: 'avertissement',
    title: 'Espaces insécables ou invisibles retirés',
    template:
      "{valeur} ligne(s) avec des espaces insécables ou invisibles autour d'une valeur, retirés comme des espaces ; première fois ligne {ligne}.",
  },
  date_avec_fuseau: {
    kind: 'avertissement',
    title: 'Date avec heure et fuseau horaire',
    template:
      'Colonne « {colonne} » : {valeur} date(s) écrite(s) avec une heure et un fuseau (« 2023-01-16 00:00:00+01:00 », comme pandas écrit une date avec fuseau), lue(s) comme leur date calendaire à Paris ; première fois ligne {ligne}.',
  },
  date_avec_heure: {
    kind: 'avertissement',
    title: 'Date suivie de 00:00:00',
    template:
      "Colonne « {colonne} » : {valeur} date(s) suivie(s) de l'heure 00:00:00 (export Excel ou base de données), lue(s) comme la date seule ; première fois ligne {ligne}.",
  },
  dates_mois_en_premier: {
    kind: 'avertissement',
    title: 'Dates lues mois en premier (MM/JJ/AAAA)',
    template:
      "Colonne « {colonne} » : dates JJ/MM/AAAA impossibles mais MM/JJ/AAAA possibles (ligne {ligne} : « {valeur} ») ; toutes les dates « …/…/… » de cette colonne de ce fichier sont lues mois en premier (MM/JJ/AAAA, format américain). Vérifier le réglage régional de l'outil d'export.",
  },
  dates_ordre_suppose: {
    kind: 'avertissement',
    title: 'Ordre jour/mois non vérifiable',
    template:
      "Colonne « {colonne} » : {valeur} date(s) « …/…/… » dont aucune n'a un premier ni un second nombre supérieur à 12 : l'ordre jour/mois ne peut pas être vérifié sur les valeurs ; elles sont lues jour en premier (JJ/MM/AAAA, convention française).",
  },
  departement_complete: {
    kind: 'avertissement',
    title: 'Département complété du zéro initial',
    template:
      "Colonne « {colonne} » : {valeur} code(s) département écrit(s) comme des nombres et rétabli(s) (« 1 » ou « 1.0 » lu « 01 » ; Excel retire le zéro d'une colonne qu'il croit numérique, pandas écrit « 1.0 » une colonne d'entiers avec une valeur manquante) ; première fois ligne {ligne}.",
  },
  entier_decimal: {
    kind: 'avertissement',
    title: 'Entier écrit avec une partie décimale nulle',
    template:
      'Colonne « {colonne} » : {valeur} entier(s) écrit(s) avec une partie décimale nulle (« 28.0 »), lu(s) comme entier(s) ; première fois ligne {ligne}.',
  },
  identifiant_decimal: {
    kind: 'avertissement',
    title: 'Identifiants écrits comme des décimaux',
    template:
      "Colonne « {colonne} » : toutes les valeurs sont des nombres entiers écrits avec « .0 » (« {valeur} », colonne d'entiers avec des vides écrite par pandas ?) ; lues sans le « .0 » final ; première fois ligne {ligne}.",
  },
};

/** Splits a template into literal text and placeholder names, in order. */
export function templateParts(template: string): Array<{ text: string } | { param: string }> {
  const parts: Array<{ text: string } | { param: string }> = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push({ text: template.slice(last, m.index) });
    parts.push({ param: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

/** The French message of a rule code with its placeholders filled (missing ones left empty), each through shownValue. */
export function formatMessage(code: RuleCode, params: Readonly<Record<string, string | number>>): string {
  return templateParts(RULE_TEXTS[code].template)
    .map((p) => ('text' in p ? p.text : shownValue(String(params[p.param] ?? ''))))
    .join('');
}

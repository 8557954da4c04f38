// Reference data: a tile-grid layout of the 101 départements (no geographic file can be
// downloaded, and a cartogram of equal tiles is honest about a per-département figure).
// Each département gets one cell [column, row] of a 12 × 12 grid: the 96 metropolitan ones by
// an optimal assignment (least squared distance) of their prefecture's position, Corsica at the
// bottom right, the five overseas départements (DROM) as an inset at the bottom left.

/** Column and row of each département's tile (row 0 at the top). */
export const GRILLE_DEPARTEMENTS: Readonly<Record<string, readonly [number, number]>> = {
  '01': [9, 6], '02': [8, 1], '03': [7, 5], '04': [10, 9], '05': [10, 8], '06': [11, 9], '07': [8, 8],
  '08': [9, 1], '09': [5, 10], '10': [8, 3], '11': [6, 10], '12': [6, 8], '13': [9, 10], '14': [3, 1],
  '15': [6, 7], '16': [4, 6], '17': [3, 6], '18': [6, 5], '19': [5, 7], '2A': [11, 11], '2B': [11, 10],
  '21': [9, 4], '22': [1, 3], '23': [6, 6], '24': [4, 7], '25': [10, 5], '26': [9, 8], '27': [4, 2],
  '28': [5, 3], '29': [0, 3], '30': [8, 9], '31': [5, 9], '32': [4, 9], '33': [3, 7], '34': [7, 9],
  '35': [2, 3], '36': [5, 5], '37': [4, 4], '38': [9, 7], '39': [9, 5], '40': [3, 9], '41': [5, 4],
  '42': [8, 7], '43': [7, 7], '44': [2, 4], '45': [6, 4], '46': [5, 8], '47': [3, 8], '48': [7, 8],
  '49': [3, 4], '50': [2, 2], '51': [8, 2], '52': [9, 3], '53': [3, 3], '54': [10, 2], '55': [9, 2],
  '56': [1, 4], '57': [10, 1], '58': [7, 4], '59': [8, 0], '60': [5, 0], '61': [3, 2], '62': [7, 0],
  '63': [7, 6], '64': [3, 10], '65': [4, 10], '66': [7, 10], '67': [11, 2], '68': [11, 3], '69': [8, 6],
  '70': [10, 4], '71': [8, 5], '72': [4, 3], '73': [10, 7], '74': [10, 6], '75': [6, 2], '76': [4, 1],
  '77': [7, 3], '78': [5, 2], '79': [3, 5], '80': [6, 0], '81': [6, 9], '82': [4, 8], '83': [10, 10],
  '84': [9, 9], '85': [2, 5], '86': [4, 5], '87': [5, 6], '88': [10, 3], '89': [8, 4], '90': [11, 4],
  '91': [6, 3], '92': [6, 1], '93': [7, 1], '94': [7, 2], '95': [5, 1], '971': [0, 9], '972': [1, 9],
  '973': [0, 10], '974': [1, 10], '976': [2, 10],
};

/** Size of the grid (columns, rows). */
export const TAILLE_GRILLE = { colonnes: 12, lignes: 12 } as const;

/** Codes of the overseas départements, drawn as an inset. */
export const DROM: readonly string[] = ['971', '972', '973', '974', '976'];

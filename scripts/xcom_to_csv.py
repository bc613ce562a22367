"""Convert NIST XCOM's element files (MDATX3.nnn, barns/atom) into the CSV CIPS ships.

Usage: python scripts/xcom_to_csv.py DIR_WITH_MDATX3_FILES > app/tiles/physics/data/xcom_elements.csv

XCOM (Berger, Hubbell, Seltzer et al., NIST Standard Reference Database 8) distributes one
file per element: Z and atomic weight, the absorption edges, the energy grid in eV, then
five blocks of cross sections in barns/atom on that grid: coherent, incoherent,
photoelectric, pair production in the nuclear field, in the electron field. We keep 1 keV to
20 MeV and convert to cm^2/g (x N_A / A), four significant digits as published.
"""

from __future__ import annotations

import sys
from pathlib import Path

ELEMENTS = {1: "H", 2: "He", 3: "Li", 4: "Be", 5: "B", 6: "C", 7: "N", 8: "O", 9: "F", 10: "Ne",
            11: "Na", 12: "Mg", 13: "Al", 14: "Si", 15: "P", 16: "S", 17: "Cl", 18: "Ar", 19: "K",
            20: "Ca", 21: "Sc", 22: "Ti", 23: "V", 24: "Cr", 25: "Mn", 26: "Fe", 27: "Co", 28: "Ni",
            29: "Cu", 30: "Zn", 35: "Br", 40: "Zr", 42: "Mo", 47: "Ag", 48: "Cd", 50: "Sn", 53: "I",
            55: "Cs", 56: "Ba", 64: "Gd", 74: "W", 79: "Au", 82: "Pb", 92: "U"}
AVOGADRO = 0.60221367  # x 1e24 per mol: barns/atom * AVOGADRO / A = cm^2/g
MAX_EV = 2.0e7


def parse(text: str) -> tuple[int, float, list[list[float]]]:
    tok = text.split()
    z, weight, n_edges, n = int(tok[0]), float(tok[1]), int(tok[2]), int(tok[3])
    pos = 4 + 3 * n_edges  # edge indices, labels and energies
    energies = [float(v) for v in tok[pos:pos + n]]
    pos += n
    blocks = [[float(v) for v in tok[pos + i * n:pos + (i + 1) * n]] for i in range(5)]
    rows = [[energies[k], *(b[k] for b in blocks)] for k in range(n) if energies[k] <= MAX_EV]
    return z, weight, rows


def main(folder: Path) -> None:
    print("z,symbol,atomic_weight,energy_mev,coherent,incoherent,photoelectric,pair_nuclear,pair_electron")
    for z, symbol in ELEMENTS.items():
        zz, weight, rows = parse((folder / f"MDATX3.{z:03d}").read_text())
        assert zz == z
        to_mass = AVOGADRO / weight
        for e_ev, *xs in rows:
            values = ",".join(f"{x * to_mass:.4g}" for x in xs)
            print(f"{z},{symbol},{weight:g},{e_ev / 1e6:.6g},{values}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

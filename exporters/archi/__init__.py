"""Archi's own formats: the native `.archimate` file (`native`, with its reader and writer modules) and
the CSV export/import (`csv`). `common` is what both share, `geometry` converts Archi's diagram
coordinates and styles to and from the exchange format's.
"""

from exporters.archi.csv import csv_set, read_archi_csv, write_archi_csv
from exporters.archi.native import read_archimate, write_archimate

__all__ = ["csv_set", "read_archi_csv", "read_archimate", "write_archi_csv", "write_archimate"]

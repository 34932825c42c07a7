"""Eight colleagues fill copies of the questionnaire (made-up answers for the screenshots)."""

import random
import sys

import openpyxl

random.seed(4)
ROLES = ["Palvelupiste"] * 4 + ["Lähituki"] * 3 + ["Muutospäällikkö"]
COMMENTS = {
    ("INC-01", 1): "Puhelut kirjataan usein vasta päivän päätteeksi.",
    ("INC-01", 5): "Lähituki ei aina kirjaa paikan päällä korjattuja vikoja.",
    ("CHG-02", 7): "Kiiremuutoksia hyväksytään jälkikäteen.",
}
for n, role in enumerate(ROLES):
    wb = openpyxl.load_workbook(sys.argv[1])
    first = wb.worksheets[0]
    rows = {c.value: c.row for c in first["A"] if isinstance(c.value, str)}
    first.cell(row=rows["Roolisi"], column=2).value = role
    for row in wb["Kysymykset"].iter_rows(min_row=3):
        item = row[0].value
        if item in ("CHG-02", "CHG-04"):
            row[3].value = "Ei lainkaan" if n % 2 else "Täysin"
        else:
            row[3].value = random.choice(["Osittain", "Pääosin", "Täysin", "Täysin", "En osaa sanoa"])
        row[4].value = COMMENTS.get((item, n))
    wb.save(f"vastaus-{n + 1}.xlsx")

"""Build assets/central_asia_map.json: Central Asia's country outlines and the map's markers.

The outlines are Natural Earth's 1:110m admin-0 countries (public domain), as shipped inside the
geopandas 0.14.4 wheel under geopandas/datasets/naturalearth_lowres. Read them once with pyshp:

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne     # the wheel is a zip file
    pip install pyshp                                         # only this script needs it
    python tools/make_map.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl

Every country whose outline reaches the map's frame is kept, clipped to a margin around it and
rounded to 0.01 degree, so the file stays small (about 40 kB). The Caspian is the gap the
countries leave around it; the UI paints the background as water, so it appears by itself.
Markers (capitals, deposits, transport corridors) are hand-placed from public sources cited below.
"""
from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "assets" / "central_asia_map.json"

# What the map shows (west, south, east, north) and the wider box outlines are clipped to.
VIEW = (46.0, 35.0, 88.0, 55.8)
CLIP = (18.0, 14.0, 128.0, 70.0)
C5 = {"KAZ": "Kazakhstan", "UZB": "Uzbekistan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan",
      "TKM": "Turkmenistan"}

NOTICE = ("Country outlines: Natural Earth, 1:110m Cultural Vectors, Admin 0 - Countries "
          "(naturalearthdata.com), public domain; taken from the copy shipped in geopandas 0.14.4 "
          "(geopandas/datasets/naturalearth_lowres), clipped and rounded by tools/make_map.py. "
          "Borders are shown as Natural Earth draws them and imply no position on disputed "
          "boundaries.")

# Marker positions, decimal degrees (longitude, latitude).
CAPITALS = {  # Natural Earth populated places (naturalearth_cities in the same wheel)
    "KAZ": ("Astana", 71.43, 51.18), "UZB": ("Tashkent", 69.27, 41.30),
    "KGZ": ("Bishkek", 74.58, 42.88), "TJK": ("Dushanbe", 68.77, 38.56),
    "TKM": ("Ashgabat", 58.38, 37.95),
}
DEPOSITS = [
    # Kazakh Geological Survey via Qazinform / Astana Times, 2 Apr 2025: 300 km SE of Astana.
    {"name": "Kuirektykol", "lon": 75.5, "lat": 49.2, "country": "KAZ",
     "note": "Rare earths: ~0.94 Mt of REM resources in four zones (Karaganda region)."},
    # Reuters, 2 Apr 2025: "south and west of Kuirektykol"; a prognostic estimate, not a reserve.
    {"name": "Zhana Kazakhstan", "lon": 74.3, "lat": 48.6, "country": "KAZ",
     "note": "Forecast area, >20 Mt REM to 300 m depth (unconfirmed)."},
    # Aktyuz ore field, Chui region; produced most of the Soviet Union's rare earths.
    {"name": "Kutessay II", "lon": 76.12, "lat": 42.88, "country": "KGZ",
     "note": "Heavy rare earths; the Soviet Union's main REE mine."},
    # Ulba Metallurgical Plant (Kazatomprom), Ust-Kamenogorsk.
    {"name": "Ulba plant", "lon": 82.63, "lat": 49.95, "country": "KAZ", "kind": "plant",
     "note": "Beryllium, tantalum and niobium processing."},
]
CORRIDORS = [
    # Trans-Caspian International Transport Route: Khorgos - Aktau - Baku - Tbilisi - Turkey.
    {"id": "middle", "name": "Middle Corridor", "keywords": ["middle", "caspian", "titr", "tmtm"],
     "color": "#e0b85a", "label_at": [62.0, 45.6],
     "path": [[80.4, 44.2], [76.9, 43.25], [69.6, 42.32], [65.5, 44.85], [58.0, 45.0],
              [51.17, 43.65], [49.87, 40.4], [44.79, 41.72], [42.7, 41.0], [40.0, 40.9]]},
    # China-Europe rail via Alashankou/Dostyk and Khorgos, and the planned China-Kyrgyzstan-
    # Uzbekistan line from Kashgar.
    {"id": "china", "name": "Chinese rail", "keywords": ["china", "cn", "chinese", "khorgos"],
     "color": "#d9534f", "label_at": [81.0, 47.2],
     "path": [[87.6, 43.8], [82.57, 45.17], [79.66, 46.95], [73.1, 49.8], [71.43, 51.18]]},
    {"id": "china_south", "name": "China-Kyrgyzstan-Uzbekistan line", "keywords": [],
     "color": "#d9534f", "dashed": True,
     "path": [[75.99, 39.47], [75.4, 40.55], [73.0, 40.93], [72.34, 40.78], [69.27, 41.3]]},
    # Northern routes into Russia: Astana - Petropavl, Aktobe - Orenburg, and the CPC pipeline
    # from Tengiz to Novorossiysk.
    {"id": "russia", "name": "Russian routes", "keywords": ["russia", "ru", "russian", "north"],
     "color": "#6f8fd6", "label_at": [66.5, 54.8],
     "path": [[71.43, 51.18], [69.14, 54.87], [65.33, 55.45]]},
    {"id": "russia_west", "name": "Aktobe - Orenburg", "keywords": [], "color": "#6f8fd6",
     "path": [[65.5, 44.85], [61.2, 47.0], [57.17, 50.28], [55.1, 51.77]]},
    {"id": "cpc", "name": "CPC pipeline", "keywords": ["cpc", "pipeline"], "color": "#6f8fd6",
     "dashed": True, "path": [[53.4, 46.1], [51.9, 47.1], [47.5, 45.8], [41.0, 45.0], [37.8, 44.7]]},
]
LABELS = [{"text": "Caspian Sea", "lon": 51.2, "lat": 38.9, "kind": "water"}]


def _clip_ring(ring: list[tuple[float, float]], box: tuple[float, float, float, float]):
    """Sutherland-Hodgman clipping of a closed ring to an axis-aligned box."""
    x0, y0, x1, y1 = box
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: _cut_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cut_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cut_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cut_y(a, b, y1)),
    ]
    out = list(ring)
    for inside, cut in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
    return out


def _cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _dedupe(ring):
    out = []
    for p in ring:
        q = (round(p[0], 2), round(p[1], 2))
        if not out or out[-1] != q:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def read_countries(source: Path):
    import shapefile  # pyshp; a tool dependency only

    base = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
    if source.suffix == ".whl":
        z = zipfile.ZipFile(source)
        files = {ext: io.BytesIO(z.read(f"{base}.{ext}")) for ext in ("shp", "shx", "dbf")}
        encoding = z.read(f"{base}.cpg").decode("ascii").strip() or "utf-8"
        reader = shapefile.Reader(shp=files["shp"], shx=files["shx"], dbf=files["dbf"],
                                  encoding=encoding)
    else:
        reader = shapefile.Reader(str(source))
    countries = []
    for sr in reader.iterShapeRecords():
        rec = sr.record.as_dict()
        x0, y0, x1, y1 = sr.shape.bbox
        if x1 < CLIP[0] or x0 > CLIP[2] or y1 < CLIP[1] or y0 > CLIP[3]:
            continue
        pts = sr.shape.points
        parts = list(sr.shape.parts) + [len(pts)]
        rings = []
        for i in range(len(parts) - 1):
            ring = _dedupe(_clip_ring(pts[parts[i]:parts[i + 1]], CLIP))
            if len(ring) >= 3:
                rings.append([list(p) for p in ring])
        if rings:
            iso = rec["iso_a3"]
            countries.append({"iso": iso, "name": rec["name"], "c5": iso in C5, "rings": rings})
    return sorted(countries, key=lambda c: (c["c5"], c["iso"]))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    countries = read_countries(Path(argv[0]))
    found = {c["iso"] for c in countries}
    missing = set(C5) - found
    if missing:
        print(f"make_map: the source lacks {sorted(missing)}", file=sys.stderr)
        return 1
    data = {
        "notice": NOTICE,
        "view": VIEW,
        "countries": countries,
        "capitals": [{"country": k, "name": v[0], "lon": v[1], "lat": v[2]} for k, v in CAPITALS.items()],
        "deposits": DEPOSITS,
        "corridors": CORRIDORS,
        "labels": LABELS,
    }
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} kB, {len(countries)} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

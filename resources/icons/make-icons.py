#!/usr/bin/env python3
"""Tern's own fallback icons (freedesktop names), drawn here as simple SVGs and
rendered to 32 px PNGs with rsvg-convert. Qt uses them only where the desktop's
icon theme has no icon of that name (QIcon::fallbackSearchPaths): a bare X
server, the offscreen platform, a minimal desktop. PNG because Qt 6.4 reads
SVG only through the qt6-svg plugin. Run: python3 make-icons.py (needs rsvg-convert)."""
import os, subprocess

INK = "#34495e"      # outlines
BLUE = "#2a7ab0"     # actions
PAPER = "#f4f7fa"    # fills
RED = "#c0392b"
GOLD = "#e0a100"
GREEN = "#2e8b57"

def svg(body):
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32" '
            'fill="none" stroke-linecap="round" stroke-linejoin="round">' + body + '</svg>\n')

def envelope(x=4, y=8, w=24, h=17, stroke=INK, fill=PAPER):
    return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="2" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
            f'<path d="M{x+1} {y+1} L{x+w/2} {y+h*0.6} L{x+w-1} {y+1}" stroke="{stroke}" stroke-width="2"/>')

def arrow_left(y=16, x1=26, x2=6, colour=BLUE):
    return (f'<path d="M{x1} {y+8} C{x1} {y} {x1-6} {y-2} {x2+6} {y-2}" stroke="{colour}" stroke-width="3"/>'
            f'<path d="M{x2+7} {y-8} L{x2} {y-2} L{x2+7} {y+4}" stroke="{colour}" stroke-width="3"/>')

def arrow_right(y=16, x1=6, x2=26, colour=BLUE):
    return (f'<path d="M{x1} {y+8} C{x1} {y} {x1+6} {y-2} {x2-6} {y-2}" stroke="{colour}" stroke-width="3"/>'
            f'<path d="M{x2-7} {y-8} L{x2} {y-2} L{x2-7} {y+4}" stroke="{colour}" stroke-width="3"/>')

def star(cx=16, cy=16, r=12, fill=GOLD):
    import math
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.45
        a = math.pi / 2 + i * math.pi / 5
        pts.append(f"{cx + rr*math.cos(a):.1f},{cy - rr*math.sin(a):.1f}")
    return f'<polygon points="{" ".join(pts)}" fill="{fill}" stroke="#a07000" stroke-width="1.5"/>'

def folder(fill="#f0c36b", stroke="#a5782a"):
    return (f'<path d="M3 9 L3 26 L29 26 L29 11 L15 11 L12 7 L4 7 Z" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
            f'<path d="M3 13 L29 13" stroke="{stroke}" stroke-width="1.5"/>')

def trash(colour=INK):
    return (f'<path d="M8 10 L10 28 L22 28 L24 10 Z" fill="{PAPER}" stroke="{colour}" stroke-width="2"/>'
            f'<path d="M5 9 L27 9 M13 9 L13 5 L19 5 L19 9 M13 14 L13.5 24 M19 14 L18.5 24" stroke="{colour}" stroke-width="2"/>')

def paperclip(colour=INK):
    return (f'<path d="M20 9 L11 18 C9 20 11 24 14 22 L24 12 C27 9 23 4 20 7 L9 18 C5 22 10 28 14 24 L22 16" '
            f'stroke="{colour}" stroke-width="2.2"/>')

def padlock(colour=GREEN):
    return (f'<rect x="7" y="14" width="18" height="14" rx="2" fill="{colour}" stroke="{colour}" stroke-width="2"/>'
            f'<path d="M11 14 L11 10 C11 4 21 4 21 10 L21 14" stroke="{colour}" stroke-width="3"/>'
            f'<circle cx="16" cy="21" r="2" fill="{PAPER}"/>')

def seal(colour=GREEN):
    return (f'<path d="M11 19 L8 29 L12 27 L14 30 L16 22 M21 19 L24 29 L20 27 L18 30 L16 22" fill="{colour}" stroke="{colour}" stroke-width="1.5"/>'
            f'<circle cx="16" cy="13" r="9" fill="{colour}" stroke="#1d5e3a" stroke-width="1.5"/>'
            f'<path d="M12 13 L15 16 L20 10" stroke="{PAPER}" stroke-width="2.5"/>')

def tray(colour=INK):
    return (f'<path d="M3 18 L8 7 L24 7 L29 18 L29 27 L3 27 Z" fill="{PAPER}" stroke="{colour}" stroke-width="2"/>'
            f'<path d="M3 18 L11 18 L13 21 L19 21 L21 18 L29 18" stroke="{colour}" stroke-width="2"/>')

ICONS = {
    # toolbar and menus
    "mail-receive": tray() + f'<path d="M16 3 L16 15 M11 10 L16 15 L21 10" stroke="{BLUE}" stroke-width="3"/>',
    "mail-send": envelope(2, 10, 20, 15) + f'<path d="M19 6 L29 6 M25 2 L29 6 L25 10" stroke="{BLUE}" stroke-width="2.5"/>',
    "mail-message-new": envelope(2, 10, 22, 16) + f'<path d="M26 2 L26 12 M21 7 L31 7" stroke="{GREEN}" stroke-width="3"/>',
    "mail-reply-sender": arrow_left(),
    "mail-reply-all": arrow_left(18, 28, 10) + f'<path d="M11 6 L3 12 L11 18" stroke="{BLUE}" stroke-width="3"/>',
    "mail-reply-list": arrow_left(18) + f'<path d="M4 26 L10 26 M4 29 L10 29" stroke="{INK}" stroke-width="2"/>',
    "mail-forward": arrow_right(),
    "mail-mark-important": star(),
    "mail-mark-read": envelope(4, 12, 24, 15) + f'<path d="M9 6 L14 11 L24 1" stroke="{GREEN}" stroke-width="3"/>',
    "mail-move": folder() + f'<path d="M9 19 L21 19 M17 15 L21 19 L17 23" stroke="{BLUE}" stroke-width="2.5"/>',
    "edit-delete": trash(RED),
    "go-next": f'<path d="M12 6 L22 16 L12 26" stroke="{BLUE}" stroke-width="4"/>',
    "network-offline": (f'<path d="M5 13 C11 6 21 6 27 13 M9 18 C13 14 19 14 23 18" stroke="{INK}" stroke-width="2.5"/>'
                        f'<circle cx="16" cy="23" r="2.5" fill="{INK}"/><path d="M6 4 L26 28" stroke="{RED}" stroke-width="3"/>'),
    "document-save": (f'<path d="M5 5 L23 5 L27 9 L27 27 L5 27 Z" fill="{PAPER}" stroke="{INK}" stroke-width="2"/>'
                      f'<rect x="10" y="5" width="11" height="7" stroke="{INK}" stroke-width="2"/>'
                      f'<rect x="9" y="17" width="14" height="10" fill="{BLUE}" stroke="{BLUE}"/>'),
    "mail-attachment": paperclip(),
    "mail-signed": seal(),
    "mail-encrypted": padlock(),
    "preferences-system": (f'<circle cx="16" cy="16" r="9" fill="{PAPER}" stroke="{INK}" stroke-width="2"/>'
                           f'<circle cx="16" cy="16" r="3.5" stroke="{INK}" stroke-width="2"/>'
                           + "".join(f'<path d="M16 2 L16 7" stroke="{INK}" stroke-width="4" transform="rotate({a} 16 16)"/>' for a in range(0, 360, 45))),
    # the folder pane
    "mail-folder-inbox": tray() + f'<path d="M16 8 L16 16 M12 12 L16 16 L20 12" stroke="{BLUE}" stroke-width="2.5"/>',
    "mail-folder-sent": envelope(2, 11, 20, 14) + f'<path d="M20 7 L30 7 M26 3 L30 7 L26 11" stroke="{GREEN}" stroke-width="2.5"/>',
    "document-edit": (f'<path d="M6 3 L20 3 L26 9 L26 29 L6 29 Z" fill="{PAPER}" stroke="{INK}" stroke-width="2"/>'
                      f'<path d="M12 24 L13 19 L24 8 L28 12 L17 23 Z" fill="{GOLD}" stroke="#a07000" stroke-width="1.5"/>'),
    "folder-archive": (f'<rect x="3" y="5" width="26" height="7" rx="1" fill="#c9a66b" stroke="#8a6a32" stroke-width="2"/>'
                       f'<path d="M5 12 L5 27 L27 27 L27 12" fill="#e6cf9f" stroke="#8a6a32" stroke-width="2"/>'
                       f'<path d="M12 17 L20 17" stroke="#8a6a32" stroke-width="2.5"/>'),
    "mail-mark-junk": (f'<circle cx="16" cy="16" r="12" fill="{PAPER}" stroke="{RED}" stroke-width="3"/>'
                       f'<path d="M8 8 L24 24" stroke="{RED}" stroke-width="3"/>'),
    "user-trash": trash(),
    "folder": folder(),
    "mail-account": (f'<circle cx="16" cy="11" r="6" fill="{PAPER}" stroke="{INK}" stroke-width="2"/>'
                     f'<path d="M5 28 C5 19 27 19 27 28 Z" fill="{PAPER}" stroke="{INK}" stroke-width="2"/>'),
}

here = os.path.dirname(os.path.abspath(__file__))
for name, body in ICONS.items():
    src = os.path.join(here, "src", name + ".svg")
    with open(src, "w") as f:
        f.write(svg(body))
    subprocess.run(["rsvg-convert", "-w", "32", "-h", "32", "-o", os.path.join(here, "fallback", name + ".png"), src], check=True)
print(len(ICONS), "icons")

"""Draws the app icons (PNG, no dependencies): a clapper-frame with a play mark on the brand violet."""
import struct, zlib, sys

def png(path, size, maskable):
    bg = (20, 22, 28)
    accent = (157, 134, 255)
    rows = []
    pad = 0 if maskable else size * 0.06
    radius = size * (0 if maskable else 0.2)
    safe = size * (0.2 if maskable else 0.22)  # maskable icons keep the mark inside the 80% safe zone
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            # Rounded-square background (full bleed when maskable).
            inside = True
            if not maskable:
                cx = min(max(x, pad + radius), size - pad - radius)
                cy = min(max(y, pad + radius), size - pad - radius)
                inside = (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 and pad <= x < size - pad and pad <= y < size - pad
            if not inside:
                row += bytes((0, 0, 0, 0))
                continue
            color = bg
            # Portrait frame (9:16) outline.
            fw, fh = (size - 2 * safe) * 0.62, size - 2 * safe
            fx, fy = (size - fw) / 2, safe
            t = size * 0.035
            in_frame = fx <= x <= fx + fw and fy <= y <= fy + fh
            in_inner = fx + t <= x <= fx + fw - t and fy + t <= y <= fy + fh - t
            if in_frame and not in_inner:
                color = accent
            # Play triangle in the frame.
            tx0, tx1 = fx + fw * 0.33, fx + fw * 0.72
            ty = fy + fh / 2
            half = (x - tx0) / (tx1 - tx0) * -fh * 0.16 + fh * 0.16
            if tx0 <= x <= tx1 and abs(y - ty) <= half:
                color = accent
            row += bytes((*color, 255))
        rows.append(bytes(row))
    raw = b''.join(rows)
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0))
    data += chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)

out = sys.argv[1] if len(sys.argv) > 1 else 'public/icons'
png(f'{out}/icon-192.png', 192, False)
png(f'{out}/icon-512.png', 512, False)
png(f'{out}/maskable-512.png', 512, True)

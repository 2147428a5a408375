# Writes the odd zip archives of this folder (run with Python 3.11 in this directory).
# expected-go.txt holds what golang.org/x/mod v0.7.0's dirhash.HashZip (go1.19.8) returned for each
# file: the h1 hash, or "ERR <Go's error text>".
import struct
import zipfile

D, S = zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED


def write(name, entries):
    with zipfile.ZipFile(name, 'w') as z:
        for entry_name, data, method in entries:
            info = zipfile.ZipInfo(entry_name)
            info.compress_type = method
            z.writestr(info, data)


write('basic.zip', [('m@v1/a', b'hello', D), ('m@v1/b', b'x' * 1000, S)])
with zipfile.ZipFile('comment.zip', 'w') as z:
    z.writestr(zipfile.ZipInfo('m@v1/a'), b'data')
    z.comment = b'a comment here'
with zipfile.ZipFile('zip64.zip', 'w', allowZip64=True) as z:
    with z.open(zipfile.ZipInfo('m@v1/big'), 'w', force_zip64=True) as f:
        f.write(b'abc' * 1000)
    z.writestr(zipfile.ZipInfo('m@v1/small'), b'x')
write('dirs.zip', [('m@v1/d/', b'', S), ('m@v1/d/f', b'1', D)])
write('dup.zip', [('m@v1/a', b'1', D), ('m@v1/a', b'2', D)])
basic = open('basic.zip', 'rb').read()
open('prefixed.zip', 'wb').write(b'#!/bin/sh\nexit 0\n' + basic)

# One flipped data byte: CRC mismatch.
i = basic.index(b'x' * 1000)
bad = bytearray(basic)
bad[i + 5] ^= 1
open('badcrc.zip', 'wb').write(bytes(bad))

# The same, with the CRC of m@v1/b zeroed in both headers: Go then skips the check.
zero = bytearray(bad)
for sig, crc_at, name_len_at, header in ((b'PK\x03\x04', 14, 26, 30), (b'PK\x01\x02', 16, 28, 46)):
    pos = 0
    while (pos := zero.find(sig, pos)) >= 0:
        n = struct.unpack('<H', zero[pos + name_len_at:pos + name_len_at + 2])[0]
        if zero[pos + header:pos + header + n] == b'm@v1/b':
            zero[pos + crc_at:pos + crc_at + 4] = b'\0\0\0\0'
        pos += 4
open('zerocrc.zip', 'wb').write(bytes(zero))

open('trunc.zip', 'wb').write(basic[:len(basic) // 2])
open('empty.zip', 'wb').write(b'PK\x05\x06' + b'\0' * 18)
open('notzip.zip', 'wb').write(b'hello world')
with zipfile.ZipFile('bzip.zip', 'w') as z:
    info = zipfile.ZipInfo('m@v1/a')
    info.compress_type = zipfile.ZIP_BZIP2
    z.writestr(info, b'hi')
write('newline.zip', [('m@v1/a\nb', b'1', D), ('m@v1/0', b'0', D)])
with zipfile.ZipFile('latin.zip', 'w') as z:
    z.writestr(zipfile.ZipInfo('m@v1/x'), b'1')
latin = open('latin.zip', 'rb').read().replace(b'm@v1/x', b'm@v1/\xe9')
open('latin.zip', 'wb').write(latin)

# End record claims 5 entries: the reader runs past the two it has.
count = bytearray(basic)
end = count.rfind(b'PK\x05\x06')
count[end + 8] = count[end + 10] = 5
open('badcount.zip', 'wb').write(bytes(count))

# Central directory claims 6 uncompressed bytes for the 5-byte m@v1/a.
size = bytearray(basic)
size[size.find(b'PK\x01\x02') + 24] = 6
open('badsize.zip', 'wb').write(bytes(size))

/* The BMP and PNG writers behind --screenshot. Both write what the canvas holds, top row
 * first in the picture, so a screenshot is exactly what the window showed. */
#include "ui/image_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/canvas.h"

#ifdef VMSIM_HAVE_ZLIB
#include <zlib.h>
#endif

static bool has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), s = strlen(suffix);
    return n > s && strcasecmp(path + n - s, suffix) == 0;
}

bool image_file_format_supported(const char *path, char *err, size_t err_size)
{
    if (has_suffix(path, ".bmp"))
        return true;
    if (has_suffix(path, ".png")) {
#ifdef VMSIM_HAVE_ZLIB
        return true;
#else
        snprintf(err, err_size, "this vmsim was built without zlib and writes only .bmp screenshots");
        return false;
#endif
    }
    snprintf(err, err_size, "a screenshot's name must end with .bmp or .png, not '%s'", path);
    return false;
}

static void put_le16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    put_le16(p, v);
    put_le16(p + 2, v >> 16);
}

/* BMP: a 14-byte file header, a 40-byte BITMAPINFOHEADER, then rows of 24-bit B, G, R
 * pixels padded to 4 bytes, bottom row first. */
static bool write_bmp(const struct canvas *c, FILE *f)
{
    uint32_t row_bytes = ((uint32_t)c->width * 3 + 3) & ~3u;
    uint32_t image_bytes = row_bytes * (uint32_t)c->height;
    uint8_t header[54] = {'B', 'M'};
    put_le32(header + 2, 54 + image_bytes);
    put_le32(header + 10, 54);
    put_le32(header + 14, 40);
    put_le32(header + 18, (uint32_t)c->width);
    put_le32(header + 22, (uint32_t)c->height);
    put_le16(header + 26, 1);  /* planes */
    put_le16(header + 28, 24); /* bits per pixel */
    put_le32(header + 34, image_bytes);
    put_le32(header + 38, 2835); /* 72 dpi, in pixels per metre */
    put_le32(header + 42, 2835);
    if (fwrite(header, sizeof header, 1, f) != 1)
        return false;
    uint8_t *row = calloc(row_bytes, 1);
    if (!row)
        return false;
    bool ok = true;
    for (int y = c->height - 1; y >= 0 && ok; y--) {
        const uint32_t *src = c->pixels + (size_t)y * (size_t)c->width;
        for (int x = 0; x < c->width; x++) {
            row[3 * x] = (uint8_t)src[x];
            row[3 * x + 1] = (uint8_t)(src[x] >> 8);
            row[3 * x + 2] = (uint8_t)(src[x] >> 16);
        }
        ok = fwrite(row, row_bytes, 1, f) == 1;
    }
    free(row);
    return ok;
}

#ifdef VMSIM_HAVE_ZLIB
static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static bool write_chunk(FILE *f, const char *type, const uint8_t *data, uint32_t length)
{
    uint8_t head[8], tail[4];
    put_be32(head, length);
    memcpy(head + 4, type, 4);
    uLong crc = crc32(0, head + 4, 4);
    if (length)
        crc = crc32(crc, data, length);
    put_be32(tail, (uint32_t)crc);
    return fwrite(head, 8, 1, f) == 1 && (length == 0 || fwrite(data, length, 1, f) == 1) &&
           fwrite(tail, 4, 1, f) == 1;
}

/* PNG: the signature, IHDR (8-bit RGB), one IDAT holding the zlib stream of every row
 * (filter byte 0, then R, G, B per pixel), and IEND. */
static bool write_png(const struct canvas *c, FILE *f)
{
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    size_t row_bytes = 1 + (size_t)c->width * 3;
    size_t raw_bytes = row_bytes * (size_t)c->height;
    uint8_t *raw = malloc(raw_bytes);
    uLongf packed_bytes = compressBound((uLong)raw_bytes);
    uint8_t *packed = malloc(packed_bytes);
    bool ok = raw && packed;
    for (int y = 0; ok && y < c->height; y++) {
        uint8_t *row = raw + (size_t)y * row_bytes;
        const uint32_t *src = c->pixels + (size_t)y * (size_t)c->width;
        row[0] = 0;
        for (int x = 0; x < c->width; x++) {
            row[1 + 3 * x] = (uint8_t)(src[x] >> 16);
            row[2 + 3 * x] = (uint8_t)(src[x] >> 8);
            row[3 + 3 * x] = (uint8_t)src[x];
        }
    }
    ok = ok && compress2(packed, &packed_bytes, raw, (uLong)raw_bytes, Z_BEST_COMPRESSION) == Z_OK;
    uint8_t ihdr[13] = {0};
    put_be32(ihdr, (uint32_t)c->width);
    put_be32(ihdr + 4, (uint32_t)c->height);
    ihdr[8] = 8; /* bits per channel */
    ihdr[9] = 2; /* colour type: RGB */
    ok = ok && fwrite(signature, sizeof signature, 1, f) == 1 && write_chunk(f, "IHDR", ihdr, sizeof ihdr) &&
         write_chunk(f, "IDAT", packed, (uint32_t)packed_bytes) && write_chunk(f, "IEND", NULL, 0);
    free(raw);
    free(packed);
    return ok;
}
#endif

bool image_file_save(const struct canvas *c, const char *path, char *err, size_t err_size)
{
    if (!image_file_format_supported(path, err, err_size))
        return false;
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, err_size, "cannot write the screenshot %s: %s", path, strerror(errno));
        return false;
    }
#ifdef VMSIM_HAVE_ZLIB
    bool ok = has_suffix(path, ".png") ? write_png(c, f) : write_bmp(c, f);
#else
    bool ok = write_bmp(c, f);
#endif
    int saved_errno = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved_errno = errno;
    }
    if (!ok) {
        snprintf(err, err_size, "cannot write the screenshot %s: %s", path,
                 saved_errno ? strerror(saved_errno) : "out of memory");
        remove(path);
    }
    return ok;
}

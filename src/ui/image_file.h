/* Saving a canvas as an image file for --screenshot: BMP (24-bit, uncompressed, which any
 * tool and a few lines of sh can read) or PNG (when vmsim is built with zlib). */
#ifndef VMSIM_UI_IMAGE_FILE_H
#define VMSIM_UI_IMAGE_FILE_H

#include <stdbool.h>
#include <stddef.h>

struct canvas;

/* True if this build can write `path`'s format: .bmp always, .png with zlib. Any other
 * name is refused with a message in err. */
bool image_file_format_supported(const char *path, char *err, size_t err_size);

/* Writes the canvas to `path` in the format its name ends with (.png, else BMP). False with
 * a message in err if it cannot. */
bool image_file_save(const struct canvas *c, const char *path, char *err, size_t err_size);

#endif

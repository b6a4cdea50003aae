/* The redo log (abi/fs_format.h): every change a file-system call makes reaches the disk
 * all together or not at all. */
#ifndef OS_LOG_H
#define OS_LOG_H

#include "abi/fs_format.h"
#include "bio.h"

/* Replays a committed transaction left by a power-off, then empties the log. */
void log_init(const struct fs_superblock *sb);

/* Brackets a transaction. They nest: the outermost end_op commits. */
void begin_op(void);
void end_op(void);

/* Records that b was changed in the current transaction (instead of bwrite). */
void log_write(struct buf *b);

/* Blocks one transaction may still change. */
uint32_t log_room(void);

#endif

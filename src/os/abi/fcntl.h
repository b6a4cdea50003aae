/* open() flags and lseek() origins (Linux's values). Shared by the kernel and user programs. */
#ifndef OS_ABI_FCNTL_H
#define OS_ABI_FCNTL_H

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR 0x002
#define O_ACCMODE 0x003
#define O_CREAT 0x040
#define O_TRUNC 0x200
#define O_APPEND 0x400

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* access() modes. */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* Longest path a system call accepts, NUL included. */
#define PATH_MAX 256

#endif

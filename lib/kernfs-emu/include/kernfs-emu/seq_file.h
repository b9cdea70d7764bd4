/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * seq_file.h - the kernel's seq_file, as kernfs_ops->seq_show sees it.
 *
 * Output written with seq_printf() and friends goes into a buffer that
 * kernfs-emu grows by doubling until a record fits, exactly as the kernel
 * does, so providers can be written as they would be for the kernel.
 */
#ifndef KERNFS_EMU_SEQ_FILE_H
#define KERNFS_EMU_SEQ_FILE_H

#include <kernfs-emu/kernfs.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returned by a show callback to drop the record it produced. */
#define SEQ_SKIP 1

/*
 * struct seq_file - the state of one seq_file read.
 * @private:	the kernfs_open_file (sf->private == of)
 * All other fields belong to kernfs-emu and are protected by the open
 * file's mutex.
 */
struct seq_file {
	char *buf;
	size_t size;
	size_t from;
	size_t count;
	loff_t index;
	loff_t read_pos;
	void *private;
	struct kernfs_root *root;	/* for accounting */
};

/** seq_printf - append formatted text; on overflow the record is retried. */
KERNFS_EXPORT void seq_printf(struct seq_file *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** seq_vprintf - as seq_printf() with a va_list. */
KERNFS_EXPORT void seq_vprintf(struct seq_file *m, const char *fmt,
			       va_list args);

/** seq_puts - append a string. */
KERNFS_EXPORT void seq_puts(struct seq_file *m, const char *s);

/** seq_putc - append one character. */
KERNFS_EXPORT void seq_putc(struct seq_file *m, char c);

/** seq_write - append @len bytes. Return: 0, or -1 on overflow. */
KERNFS_EXPORT int seq_write(struct seq_file *m, const void *data, size_t len);

/** seq_has_overflowed - Return: true when the record did not fit. */
static inline bool seq_has_overflowed(const struct seq_file *m)
{
	return m->count == m->size;
}

/** seq_get_buf - Return: free space in the buffer, and its start in @bufp. */
static inline size_t seq_get_buf(struct seq_file *m, char **bufp)
{
	if (m->count < m->size)
		*bufp = m->buf + m->count;
	else
		*bufp = NULL;
	return m->size - m->count;
}

/** seq_commit - account @num bytes written through seq_get_buf(); <0 = overflow. */
static inline void seq_commit(struct seq_file *m, int num)
{
	if (num < 0)
		m->count = m->size;
	else
		m->count += (size_t)num;
}

#ifdef __cplusplus
}
#endif

#endif /* KERNFS_EMU_SEQ_FILE_H */

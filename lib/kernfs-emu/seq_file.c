// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * seq_file.c - the kernel's seq_file read algorithm and output helpers,
 * driven by kernfs' seq operations (kernfs_seq_start/next/show/stop).
 *
 * A read at the position where the previous one ended continues from the
 * buffered record; any other position regenerates from the start and
 * skips to it (traverse()).  A record that overflows the buffer makes it
 * double in size and the record is produced again.
 */
#include <stdio.h>

#include "kernfs-internal.h"

void seq_vprintf(struct seq_file *m, const char *f, va_list args)
{
	int len;

	if (m->count < m->size) {
		len = vsnprintf(m->buf + m->count, m->size - m->count, f, args);
		if (len >= 0 && (size_t)len < m->size - m->count) {
			m->count += (size_t)len;
			return;
		}
	}
	m->count = m->size;	/* overflow */
}

void seq_printf(struct seq_file *m, const char *f, ...)
{
	va_list args;

	va_start(args, f);
	seq_vprintf(m, f, args);
	va_end(args);
}

int seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count + len < m->size) {
		memcpy(m->buf + m->count, data, len);
		m->count += len;
		return 0;
	}
	m->count = m->size;
	return -1;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	if (m->count < m->size)
		m->buf[m->count++] = c;
}

/* ---- kernfs' seq operations (fs/kernfs/file.c) ---- */

static struct kernfs_of_priv *sf_priv(struct seq_file *sf)
{
	return (struct kernfs_of_priv *)sf->private;
}

/* Return: the first record, NULL at the end, or ERR_PTR(-ENODEV). */
static void *kernfs_seq_start(struct seq_file *sf, loff_t *ppos)
{
	struct kernfs_of_priv *p = sf_priv(sf);
	const struct kernfs_ops *ops = p->of.kn->attr.ops;

	p->orphan = false;
	if (!kernfs_get_active(p->of.kn)) {
		if (!ops->orphan_ok)
			return ERR_PTR(-ENODEV);
		p->orphan = true;	/* kernfs-emu extension, see kernfs_ops */
	}
	if (ops->seq_start) {
		void *next = ops->seq_start(sf, ppos);

		/* kernfs_seq_stop() skips -ENODEV: drop the active ref here */
		if (next == ERR_PTR(-ENODEV)) {
			if (ops->seq_stop)
				ops->seq_stop(sf, next);
			if (!p->orphan)
				kernfs_put_active(p->of.kn);
		}
		return next;
	}
	/* single record: a token at position 0 only */
	return *ppos ? NULL : (void *)(uintptr_t)1;
}

static void *kernfs_seq_next(struct seq_file *sf, void *v, loff_t *ppos)
{
	const struct kernfs_ops *ops = sf_priv(sf)->of.kn->attr.ops;

	if (ops->seq_next)
		return ops->seq_next(sf, v, ppos);
	++*ppos;
	return NULL;
}

static void kernfs_seq_stop(struct seq_file *sf, void *v)
{
	struct kernfs_of_priv *p = sf_priv(sf);
	const struct kernfs_ops *ops = p->of.kn->attr.ops;

	if (v != ERR_PTR(-ENODEV)) {
		if (ops->seq_stop)
			ops->seq_stop(sf, v);
		if (!p->orphan)
			kernfs_put_active(p->of.kn);
	}
}

static int kernfs_seq_show(struct seq_file *sf, void *v)
{
	struct kernfs_of_priv *p = sf_priv(sf);
	struct kernfs_open_node *on = p->of.kn->attr.open;

	if (on)
		p->event = atomic_load(&on->event);
	return p->of.kn->attr.ops->seq_show(sf, v);
}

/* ---- the read algorithm (fs/seq_file.c) ---- */

static int seq_grow(struct seq_file *m)
{
	size_t size = m->size ? m->size * 2 : KERNFS_PAGE_SIZE;
	char *buf = kn_alloc(m->root, size);

	if (!buf)
		return -ENOMEM;
	kn_free(m->root, m->buf);
	m->buf = buf;
	m->size = size;
	m->count = 0;
	return 0;
}

/* Regenerate from the start and skip @offset bytes. */
static int traverse(struct seq_file *m, loff_t offset)
{
	loff_t pos = 0;
	int error = 0;
	void *p;

	m->index = 0;
	m->count = m->from = 0;
	if (!offset)
		return 0;
	if (!m->buf && seq_grow(m))
		return -ENOMEM;
	p = kernfs_seq_start(m, &m->index);
	while (p) {
		error = (int)PTR_ERR(p);
		if (IS_ERR(p))
			break;
		error = kernfs_seq_show(m, p);
		if (error < 0)
			break;
		if (error) {
			error = 0;
			m->count = 0;
		}
		if (seq_has_overflowed(m))
			goto again;
		p = kernfs_seq_next(m, p, &m->index);
		if (pos + (loff_t)m->count > offset) {
			m->from = (size_t)(offset - pos);
			m->count -= m->from;
			break;
		}
		pos += (loff_t)m->count;
		m->count = 0;
		if (pos == offset)
			break;
	}
	kernfs_seq_stop(m, p);
	return error;

again:
	kernfs_seq_stop(m, p);
	if (seq_grow(m))
		return -ENOMEM;
	m->index = 0;
	return traverse(m, offset);
}

/* Produce at least one non-empty record into the buffer. Return: p. */
static void *seq_fill_first(struct seq_file *m, int *err)
{
	void *p;

	m->from = 0;
	p = kernfs_seq_start(m, &m->index);
	for (;;) {
		*err = (int)PTR_ERR(p);
		if (!p || IS_ERR(p))
			return p;
		*err = kernfs_seq_show(m, p);
		if (*err < 0)
			return p;
		if (*err)
			m->count = 0;
		*err = 0;
		if (!m->count) {
			p = kernfs_seq_next(m, p, &m->index);
			continue;
		}
		if (!seq_has_overflowed(m))
			return p;
		kernfs_seq_stop(m, p);
		if (seq_grow(m)) {
			*err = -ENOMEM;
			return ERR_PTR(-ENOMEM);
		}
		p = kernfs_seq_start(m, &m->index);
	}
}

/* Add whole records after the first until @size bytes are buffered. */
static void *seq_fill_more(struct seq_file *m, void *p, size_t size)
{
	for (;;) {
		size_t offs = m->count;
		loff_t pos = m->index;
		int err;

		p = kernfs_seq_next(m, p, &m->index);
		if (pos == m->index)
			m->index++;	/* a buggy seq_next; the kernel warns */
		if (!p || IS_ERR(p) || m->count >= size)
			return p;
		err = kernfs_seq_show(m, p);
		if (err > 0) {
			m->count = offs;
		} else if (err || seq_has_overflowed(m)) {
			m->count = offs;
			return p;
		}
	}
}

ssize_t kernfs_seq_read(struct kernfs_of_priv *pr, char *buf, size_t size,
			loff_t pos)
{
	struct seq_file *m = &pr->sf;
	size_t copied = 0, n;
	int err = 0;
	void *p;

	if (!size)
		return 0;
	if (pos != m->read_pos) {
		err = traverse(m, pos);
		if (err) {
			m->read_pos = 0;
			m->index = 0;
			m->count = 0;
			return err;
		}
		m->read_pos = pos;
	}
	if (!m->buf && seq_grow(m))
		return -ENOMEM;
	if (m->count) {
		n = m->count < size ? m->count : size;
		memcpy(buf, m->buf + m->from, n);
		m->count -= n;
		m->from += n;
		copied += n;
		if (m->count || copied == size)
			goto done;
	}
	p = seq_fill_first(m, &err);
	if (p && !IS_ERR(p) && !err)
		p = seq_fill_more(m, p, size - copied);
	kernfs_seq_stop(m, p);
	if (err && !copied)
		return err;
	n = m->count < size - copied ? m->count : size - copied;
	memcpy(buf + copied, m->buf, n);
	copied += n;
	m->count -= n;
	m->from = n;
done:
	m->read_pos += (loff_t)copied;
	return (ssize_t)copied;
}

void kernfs_seq_release(struct kernfs_of_priv *p)
{
	kn_free(p->sf.root, p->sf.buf);
	p->sf.buf = NULL;
}

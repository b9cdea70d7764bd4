// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vfs_file.c - the VFS face of open files: open, read, write, llseek,
 * poll, release (the kernel's kernfs_fop_* in fs/kernfs/file.c).
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>

#include "kernfs-internal.h"

static struct kernfs_of_priv *to_priv(struct kernfs_vfs_file *file)
{
	return (struct kernfs_of_priv *)file;
}

struct kernfs_open_file *kernfs_vfs_file_of(struct kernfs_vfs_file *file)
{
	return &to_priv(file)->of;
}

static bool wants_read(int flags)
{
	return (flags & O_ACCMODE) != O_WRONLY;
}

static bool wants_write(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY;
}

/* KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK: the sysfs-style open check. */
static int extra_open_perm_check(struct kernfs_node *kn, int flags)
{
	const struct kernfs_ops *ops = kn->attr.ops;
	bool has_read = ops->seq_show || ops->read;
	bool has_write = ops->write;

	if (wants_write(flags) && (!(kn->mode & 0222) || !has_write))
		return -EACCES;
	if (wants_read(flags) && (!(kn->mode & 0444) || !has_read))
		return -EACCES;
	return 0;
}

static struct kernfs_of_priv *of_alloc(struct kernfs_root *root,
				       struct kernfs_inode *inode, int flags,
				       const struct kernfs_caller *caller)
{
	struct kernfs_node *kn = inode->kn;
	const struct kernfs_ops *ops = kn->attr.ops;
	struct kernfs_of_priv *p = kn_zalloc(root, sizeof(*p));

	if (!p)
		return NULL;
	p->root = root;
	p->inode = inode;
	pthread_mutex_init(&p->mutex, NULL);
	p->of.kn = kn;
	p->of.seq_file = &p->sf;
	p->of.flags = flags;
	p->of.caller_pid = caller->pid;
	p->sf.private = p;
	p->sf.root = root;
	p->seq_show = ops->seq_show != NULL;
	if (ops->prealloc) {
		size_t len = ops->atomic_write_len ? ops->atomic_write_len :
						    KERNFS_PAGE_SIZE;

		p->prealloc_buf = kn_alloc(root, len + 1);
		if (!p->prealloc_buf) {
			kn_free(root, p);
			return NULL;
		}
	}
	return p;
}

static void of_free(struct kernfs_of_priv *p)
{
	struct kernfs_root *root = p->root;

	kernfs_seq_release(p);
	kn_free(root, p->prealloc_buf);
	pthread_mutex_destroy(&p->mutex);
	kn_free(root, p);
}

int kernfs_vfs_open(struct kernfs_inode *inode, int flags,
		    const struct kernfs_caller *caller,
		    struct kernfs_vfs_file **out)
{
	struct kernfs_node *kn = inode->kn;
	struct kernfs_root *root = kernfs_root_of(kn);
	struct kernfs_of_priv *p;
	int ret;

	if (kernfs_type(kn) == KERNFS_DIR)
		return wants_write(flags) ? -EISDIR : -EINVAL;
	if (kernfs_type(kn) != KERNFS_FILE)
		return -ELOOP;
	kernfs_set_current(caller);
	if (!kernfs_get_active(kn))
		return -ENODEV;
	ret = -EACCES;
	if ((root->flags & KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK) &&
	    extra_open_perm_check(kn, flags))
		goto out_put;
	ret = -EINVAL;
	if (kn->attr.ops->prealloc && kn->attr.ops->seq_show)
		goto out_put;
	ret = -ENOMEM;
	p = of_alloc(root, inode, flags, caller);
	if (!p)
		goto out_put;
	kernfs_get(kn);
	ret = kernfs_get_open_node(kn, p);
	if (ret)
		goto out_free;
	if (kn->attr.ops->open) {
		ret = kn->attr.ops->open(&p->of);
		if (ret)
			goto out_unlink;
	}
	atomic_fetch_add(&root->nr_open_files, 1);
	kernfs_put_active(kn);
	*out = (struct kernfs_vfs_file *)p;
	return 0;

out_unlink:
	/* ops->open failed: release is not owed for this file */
	p->released = true;
	pthread_mutex_lock(kernfs_open_file_mutex(kn));
	if (kn->flags & KERNFS_HAS_RELEASE)
		kn->attr.open->nr_to_release--;
	pthread_mutex_unlock(kernfs_open_file_mutex(kn));
	kernfs_put_open_node(kn, p, false);
out_free:
	of_free(p);
	kernfs_put(kn);
out_put:
	kernfs_put_active(kn);
	return ret;
}

static ssize_t raw_read(struct kernfs_of_priv *p, char *buf, size_t count,
			loff_t pos)
{
	struct kernfs_node *kn = p->of.kn;
	ssize_t len;

	bool active;

	if (count > KERNFS_PAGE_SIZE)
		count = KERNFS_PAGE_SIZE;
	active = kernfs_get_active(kn);
	if (!active && !kn->attr.ops->orphan_ok)
		return -ENODEV;
	if (active && kn->attr.open)
		p->event = atomic_load(&kn->attr.open->event);
	if (kn->attr.ops->read)
		len = kn->attr.ops->read(&p->of, buf, count, pos);
	else
		len = -EINVAL;
	if (active)
		kernfs_put_active(kn);
	return len;
}

ssize_t kernfs_vfs_read(struct kernfs_vfs_file *file, char *buf, size_t count,
			loff_t pos, const struct kernfs_caller *caller)
{
	struct kernfs_of_priv *p = to_priv(file);
	ssize_t ret;

	if (!wants_read(p->of.flags))
		return -EBADF;
	kernfs_set_current(caller);
	pthread_mutex_lock(&p->mutex);
	if (p->seq_show)
		ret = kernfs_seq_read(p, buf, count, pos);
	else
		ret = raw_read(p, buf, count, pos);
	pthread_mutex_unlock(&p->mutex);
	return ret;
}

static ssize_t do_write(struct kernfs_of_priv *p, char *kbuf, size_t len,
			loff_t pos)
{
	struct kernfs_node *kn = p->of.kn;
	ssize_t ret;
	bool active;

	pthread_mutex_lock(&p->mutex);
	active = kernfs_get_active(kn);
	if (!active && !kn->attr.ops->orphan_ok) {
		pthread_mutex_unlock(&p->mutex);
		return -ENODEV;
	}
	if (kn->attr.ops->write)
		ret = kn->attr.ops->write(&p->of, kbuf, len, pos);
	else
		ret = -EINVAL;
	if (active)
		kernfs_put_active(kn);
	pthread_mutex_unlock(&p->mutex);
	return ret;
}

ssize_t kernfs_vfs_write(struct kernfs_vfs_file *file, const char *buf,
			 size_t count, loff_t pos,
			 const struct kernfs_caller *caller)
{
	struct kernfs_of_priv *p = to_priv(file);
	size_t awl = p->of.kn->attr.ops->atomic_write_len;
	size_t len = count;
	char *kbuf;
	ssize_t ret;

	if (!wants_write(p->of.flags))
		return -EBADF;
	if (awl) {
		if (len > awl)
			return -E2BIG;
	} else if (len > KERNFS_PAGE_SIZE) {
		len = KERNFS_PAGE_SIZE;
	}
	kernfs_set_current(caller);
	kbuf = p->prealloc_buf ? p->prealloc_buf : kn_alloc(p->root, len + 1);
	if (!kbuf)
		return -ENOMEM;
	memcpy(kbuf, buf, len);
	kbuf[len] = '\0';
	ret = do_write(p, kbuf, len, pos);
	if (!p->prealloc_buf)
		kn_free(p->root, kbuf);
	return ret;
}

/* generic_file_llseek() against the node's size. */
static loff_t generic_llseek(struct kernfs_of_priv *p, loff_t offset,
			     int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = p->raw_pos;
		break;
	case SEEK_END:
		base = p->of.kn->attr.size;
		break;
	default:
		return -EINVAL;
	}
	if (offset + base < 0)
		return -EINVAL;
	p->raw_pos = offset + base;
	return p->raw_pos;
}

loff_t kernfs_vfs_llseek(struct kernfs_vfs_file *file, loff_t offset,
			 int whence)
{
	struct kernfs_of_priv *p = to_priv(file);
	struct kernfs_node *kn = p->of.kn;
	loff_t ret;

	bool active;

	if (p->of.nonseekable)
		return -ESPIPE;
	pthread_mutex_lock(&p->mutex);
	active = kernfs_get_active(kn);
	if (!active && !kn->attr.ops->orphan_ok) {
		pthread_mutex_unlock(&p->mutex);
		return -ENODEV;
	}
	if (kn->attr.ops->llseek)
		ret = kn->attr.ops->llseek(&p->of, offset, whence);
	else
		ret = generic_llseek(p, offset, whence);
	if (active)
		kernfs_put_active(kn);
	pthread_mutex_unlock(&p->mutex);
	return ret;
}

unsigned int kernfs_vfs_poll(struct kernfs_vfs_file *file, void *handle)
{
	struct kernfs_of_priv *p = to_priv(file);
	struct kernfs_node *kn = p->of.kn;
	pthread_mutex_t *mutex = kernfs_notify_lock(kn);
	void *old = NULL;
	unsigned int ret;

	if (handle) {
		/* register first, so that no notify can be missed */
		pthread_mutex_lock(mutex);
		old = p->poll_handle;
		p->poll_handle = handle;
		pthread_mutex_unlock(mutex);
		if (old)
			kernfs_watch_poll(p->root, old);
	}
	if (!kernfs_get_active(kn))
		return KERNFS_DEFAULT_POLLMASK | POLLERR | POLLPRI;
	if (kn->attr.ops->poll)
		ret = kn->attr.ops->poll(&p->of, NULL);
	else
		ret = kernfs_generic_poll(&p->of, NULL);
	kernfs_put_active(kn);
	return ret;
}

void kernfs_vfs_release(struct kernfs_vfs_file *file)
{
	struct kernfs_of_priv *p = to_priv(file);
	struct kernfs_node *kn;
	struct kernfs_root *root;

	if (!file)
		return;
	kn = p->of.kn;
	root = p->root;
	kernfs_put_open_node(kn, p, true);
	of_free(p);
	atomic_fetch_sub(&root->nr_open_files, 1);
	kernfs_put(kn);
}

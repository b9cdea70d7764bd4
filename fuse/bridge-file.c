/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bridge-file.c - open/read/write/release/poll on kernfs open files.
 *
 * Pseudo files report st_size 0 (or what kernfs says), so they are opened
 * with direct_io: the kernel then passes every read(2) to the provider
 * instead of stopping at the size.  There is no page cache to keep
 * coherent and no flush to forward (noflush).
 *
 * I/O may make providers remove nodes (a control file) or change
 * attributes; the resulting notifications are sent by the notifier thread,
 * and these operations wait (briefly, see KFE_NOTIFY_SYNC_MS) until that
 * is done before they reply, so that the next syscall of the writer
 * already sees the change.  They are not "related operations" of the
 * invalidated entries, which makes the wait safe.
 */
#include "bridge-internal.h"

#include <errno.h>

static struct kernfs_vfs_file *kfe_file(struct fuse_file_info *fi)
{
	return (struct kernfs_vfs_file *)(uintptr_t)fi->fh;
}

void kfe_op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *inode = kfe_inode(br, ino);
	struct kernfs_vfs_file *file;
	int ret;

	if (!inode) {
		fuse_reply_err(req, ESTALE);
		return;
	}
	KFE_CALLER(c, br, req);
	kfe_request_begin(br, req);
	ret = kernfs_vfs_open(inode, fi->flags, &c.kc, &file);
	kfe_notify_sync(br);
	kfe_request_end();
	if (ret < 0) {
		fuse_reply_err(req, -ret);
		return;
	}
	fi->fh = (uintptr_t)file;
	fi->direct_io = 1;
	fi->noflush = 1;
	fi->nonseekable = kernfs_vfs_file_of(file)->nonseekable;
	pthread_mutex_lock(&br->lock);
	g_hash_table_add(br->files, file);
	pthread_mutex_unlock(&br->lock);
	if (fuse_reply_open(req, fi) != 0) {
		/* the opener is gone: nobody will release it */
		pthread_mutex_lock(&br->lock);
		g_hash_table_remove(br->files, file);
		pthread_mutex_unlock(&br->lock);
		kernfs_vfs_release(file);
	}
}

void kfe_op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		 struct fuse_file_info *fi)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	g_autofree char *buf = g_malloc(MAX(size, 1));
	ssize_t ret;

	KFE_CALLER(c, br, req);
	kfe_request_begin(br, req);
	ret = kernfs_vfs_read(kfe_file(fi), buf, size, off, &c.kc);
	kfe_notify_sync(br);
	kfe_request_end();
	if (ret < 0)
		fuse_reply_err(req, (int)-ret);
	else
		fuse_reply_buf(req, buf, (size_t)ret);
}

void kfe_op_write(fuse_req_t req, fuse_ino_t ino, const char *buf,
		  size_t size, off_t off, struct fuse_file_info *fi)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	ssize_t ret;

	KFE_CALLER(c, br, req);
	kfe_request_begin(br, req);
	ret = kernfs_vfs_write(kfe_file(fi), buf, size, off, &c.kc);
	kfe_notify_sync(br);
	kfe_request_end();
	if (ret < 0)
		fuse_reply_err(req, (int)-ret);
	else
		fuse_reply_write(req, (size_t)ret);
}

void kfe_op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_vfs_file *file = kfe_file(fi);

	pthread_mutex_lock(&br->release_lock);
	br->releases_running++;
	pthread_mutex_unlock(&br->release_lock);
	pthread_mutex_lock(&br->lock);
	g_hash_table_remove(br->files, file);
	pthread_mutex_unlock(&br->lock);
	kfe_request_begin(br, req);
	kernfs_vfs_release(file);
	kfe_notify_sync(br);
	kfe_request_end();
	pthread_mutex_lock(&br->release_lock);
	br->releases_running--;
	br->releases_done++;
	pthread_cond_broadcast(&br->release_cond);
	pthread_mutex_unlock(&br->release_lock);
	fuse_reply_err(req, 0);
}

uint64_t kfe_releases_done(struct kfe_bridge *br)
{
	uint64_t n;

	pthread_mutex_lock(&br->release_lock);
	n = br->releases_done;
	pthread_mutex_unlock(&br->release_lock);
	return n;
}

/*
 * The kernel sends RELEASE after close(2) returned, so an rmdir right
 * after the close of a file that kept the directory busy may be read
 * (by another worker) before that RELEASE was served.  The RELEASE was
 * queued first, so it is being served, or about to be: give it a moment.
 */
bool kfe_wait_releases(struct kfe_bridge *br, uint64_t since)
{
	gint64 deadline = g_get_monotonic_time() + KFE_RELEASE_WAIT_MS * 1000;
	bool more;

	/* a worker may have read the RELEASE without starting it yet */
	g_usleep(KFE_RELEASE_GAP_US);
	pthread_mutex_lock(&br->release_lock);
	while (br->releases_running && g_get_monotonic_time() < deadline)
		kfe_cond_wait_until(&br->release_cond, &br->release_lock,
				    deadline);
	more = br->releases_done != since;
	pthread_mutex_unlock(&br->release_lock);
	return more;
}

/*
 * @ph (when the kernel wants to be woken) goes to kernfs-emu, which hands
 * it back through the watch's poll_wakeup at the node's next
 * kernfs_notify(); notify.c then wakes the kernel and destroys it.
 */
void kfe_op_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
		 struct fuse_pollhandle *ph)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	unsigned int revents;

	if (ph)
		kfe_polls_add(br, ph);
	kfe_request_begin(br, req);
	revents = kernfs_vfs_poll(kfe_file(fi), ph);
	kfe_request_end();
	fuse_reply_poll(req, revents);
}

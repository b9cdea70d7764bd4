/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bridge-dir.c - opendir/readdir/readdirplus/releasedir.
 *
 * Offsets are kernfs' own readdir positions (name hashes, or indexes in
 * template directories), so they stay valid across concurrent mkdir and
 * rmdir.  Entries are first collected from kernfs_vfs_readdir() with their
 * exact encoded size, so that everything collected fits the reply; only
 * then are readdirplus entries looked up (no kernfs-emu lock is held by
 * the bridge while it looks up).  Every readdirplus entry but "." and ".."
 * that carries a node id takes one lookup count, as the kernel does.
 *
 * With the directory cache (the default), the kernel keeps listings in
 * the directory's page cache: opendir answers ENOSYS, so the kernel sends
 * neither OPENDIR nor RELEASEDIR again and asks for a listing only to
 * fill its cache (each readdir then works on a directory opened for that
 * request).  Kernels without zero-message opendir get an open directory
 * marked cache_readdir instead.  Every listing change kernfs-emu reports
 * drops the cached listing (notify.c); a listing that was being sent
 * while a change was reported is dropped once more a little later, since
 * the kernel may store it after the first drop.
 */
#include "bridge-internal.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>

struct kfe_dirent {
	char *name;
	uint64_t ino;
	unsigned int d_type;
	loff_t next;
};

struct kfe_collect {
	fuse_req_t req;
	bool plus;
	size_t size;		/* reply buffer size */
	size_t used;		/* encoded size of what was collected */
	GArray *ents;		/* struct kfe_dirent */
};

static void kfe_dirent_clear(gpointer p)
{
	g_free(((struct kfe_dirent *)p)->name);
}

static int kfe_collect_one(void *ctx, const char *name, size_t namelen,
			   uint64_t ino, unsigned int d_type, loff_t next_pos)
{
	struct kfe_collect *col = ctx;
	struct kfe_dirent de = {
		.name = g_strndup(name, namelen),
		.ino = ino,
		.d_type = d_type,
		.next = next_pos,
	};
	size_t len;

	if (col->plus)
		len = fuse_add_direntry_plus(col->req, NULL, 0, de.name, NULL, 0);
	else
		len = fuse_add_direntry(col->req, NULL, 0, de.name, NULL, 0);
	if (col->used + len > col->size) {
		g_free(de.name);
		return 1;	/* full: kernfs emits it again next time */
	}
	col->used += len;
	g_array_append_val(col->ents, de);
	return 0;
}

static bool kfe_is_dot(const char *name)
{
	return !strcmp(name, ".") || !strcmp(name, "..");
}

/*
 * The entry of one readdirplus name: looked up (one lookup count) when it
 * still exists, else only name, type and inode number, which the kernel
 * lists without instantiating anything.  Files are left unlooked-up
 * unless -o plus_files: as with eventfs, listing a directory then
 * creates no file inode, and a walk (which follows d_type) none at all;
 * a stat of a file looks it up.
 */
static bool kfe_plus_entry(struct kfe_bridge *br, struct kernfs_inode *dir,
			   const struct kfe_dirent *de,
			   const struct kernfs_caller *caller,
			   struct fuse_entry_param *e)
{
	struct kernfs_inode *inode;
	struct stat st;

	if (!kfe_is_dot(de->name) &&
	    (de->d_type == DT_DIR || br->opts.plus_files) &&
	    kernfs_vfs_lookup(dir, de->name, caller, &inode, &st) == 0) {
		kfe_fill_entry(br, inode, &st, e);
		kfe_count_get(br, e->ino);
		return true;
	}
	memset(e, 0, sizeof(*e));
	e->attr.st_ino = de->ino;
	e->attr.st_mode = DTTOIF(de->d_type);
	return false;
}

static void kfe_do_readdir(fuse_req_t req, fuse_ino_t ino, size_t size,
			   off_t off, struct fuse_file_info *fi, bool plus)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_vfs_dir *vd = (struct kernfs_vfs_dir *)(uintptr_t)fi->fh;
	struct kernfs_vfs_dir *own = NULL;
	struct kernfs_inode *dir = kfe_inode(br, ino);
	struct kfe_collect col = { .req = req, .plus = plus, .size = size };
	g_autoptr(GArray) counted = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	g_autoptr(GArray) ents = NULL;
	g_autofree char *buf = NULL;
	uint64_t changes = kfe_notify_dir_changes(br);
	size_t pos = 0, i;
	int ret;

	if (!dir) {
		fuse_reply_err(req, ESTALE);
		return;
	}
	ents = g_array_new(FALSE, FALSE, sizeof(struct kfe_dirent));
	g_array_set_clear_func(ents, kfe_dirent_clear);
	col.ents = ents;
	KFE_CALLER(c, br, req);
	kfe_request_begin(br, req);
	/* no OPENDIR (cached listings): open it for this request */
	ret = vd ? 0 : kernfs_vfs_opendir(dir, &c.kc, &own);
	if (!ret)
		ret = kernfs_vfs_readdir(vd ? vd : own, off, kfe_collect_one,
					 &col);
	kernfs_vfs_releasedir(own);
	if (ret < 0) {
		kfe_request_end();
		fuse_reply_err(req, -ret);
		return;
	}
	buf = g_malloc(MAX(col.used, 1));
	for (i = 0; i < ents->len; i++) {
		const struct kfe_dirent *de =
			&g_array_index(ents, struct kfe_dirent, i);
		struct fuse_entry_param e;
		struct stat st = { 0 };

		if (plus) {
			if (kfe_plus_entry(br, dir, de, &c.kc, &e))
				g_array_append_val(counted, e.ino);
			pos += fuse_add_direntry_plus(req, buf + pos,
						      col.used - pos, de->name,
						      &e, de->next);
		} else {
			st.st_ino = de->ino;
			st.st_mode = DTTOIF(de->d_type);
			pos += fuse_add_direntry(req, buf + pos, col.used - pos,
						 de->name, &st, de->next);
		}
	}
	kfe_request_end();
	if (fuse_reply_buf(req, buf, pos) != 0) {
		/* the kernel took none of them */
		for (i = 0; i < counted->len; i++)
			kfe_count_put(br, g_array_index(counted, uint64_t, i), 1);
	}
	if (br->opts.dir_cache && kfe_notify_dir_changes(br) != changes)
		kfe_notify_dir_late(br, ino);
}

void kfe_op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_inode *inode = kfe_inode(br, ino);
	struct kernfs_vfs_dir *vd;
	int ret;

	if (!inode) {
		fuse_reply_err(req, ESTALE);
		return;
	}
	if (br->no_opendir) {
		/* the kernel caches listings and stops sending OPENDIR */
		fuse_reply_err(req, ENOSYS);
		return;
	}
	KFE_CALLER(c, br, req);
	ret = kernfs_vfs_opendir(inode, &c.kc, &vd);
	if (ret < 0) {
		fuse_reply_err(req, -ret);
		return;
	}
	fi->fh = (uintptr_t)vd;
	fi->cache_readdir = br->opts.dir_cache;
	fi->keep_cache = br->opts.dir_cache;
	pthread_mutex_lock(&br->lock);
	g_hash_table_add(br->dirs, vd);
	pthread_mutex_unlock(&br->lock);
	if (fuse_reply_open(req, fi) != 0) {
		pthread_mutex_lock(&br->lock);
		g_hash_table_remove(br->dirs, vd);
		pthread_mutex_unlock(&br->lock);
		kernfs_vfs_releasedir(vd);
	}
}

void kfe_op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	kfe_do_readdir(req, ino, size, off, fi, false);
}

void kfe_op_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size,
			off_t off, struct fuse_file_info *fi)
{
	kfe_do_readdir(req, ino, size, off, fi, true);
}

void kfe_op_releasedir(fuse_req_t req, fuse_ino_t ino,
		       struct fuse_file_info *fi)
{
	struct kfe_bridge *br = kfe_req_bridge(req);
	struct kernfs_vfs_dir *vd = (struct kernfs_vfs_dir *)(uintptr_t)fi->fh;

	pthread_mutex_lock(&br->lock);
	g_hash_table_remove(br->dirs, vd);
	pthread_mutex_unlock(&br->lock);
	kernfs_vfs_releasedir(vd);
	fuse_reply_err(req, 0);
}

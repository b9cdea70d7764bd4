// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tfm-test.h - helpers for the tracefs-model suites: build a model (the
 * design comes from $TFM_DESIGN: "nodes" or the default template design),
 * and reach it only through kernfs-emu's VFS face, by path.
 */
#ifndef TFM_TEST_H
#define TFM_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib.h>
#include <kernfs-emu/kernfs.h>
#include <kernfs-emu/vfs.h>
#include <tracefs-model/model.h>

static const struct kernfs_caller tt_root = { .uid = 0, .gid = 0, .pid = 1 };

static inline enum tfm_design tt_design(void)
{
	const char *d = getenv("TFM_DESIGN");

	return d && !strcmp(d, "nodes") ? TFM_DESIGN_NODES :
					  TFM_DESIGN_TEMPLATE;
}

static inline struct tfm_model *tt_model_opts(const char *mount_opts,
					      unsigned int nr_cpus)
{
	struct tfm_model_opts o;
	struct tfm_model *m = NULL;

	tfm_model_opts_init(&o);
	o.design = tt_design();
	o.nr_cpus = nr_cpus;
	o.mount_options = mount_opts;
	assert_int_equal(tfm_model_new(&o, &m), 0);
	return m;
}

/* A model like the capture box: 2 CPUs, no mount options. */
static inline struct tfm_model *tt_model(void)
{
	return tt_model_opts(NULL, 2);
}

static inline struct kernfs_inode *tt_rootino(struct tfm_model *m)
{
	return kernfs_vfs_root(tfm_model_root(m));
}

/*
 * Walk @path from the root with lookups as @c; the result carries one
 * lookup (tt_put() it).  Return: 0 or the failing lookup's errno.
 */
static inline int tt_lookup_as(struct tfm_model *m, const char *path,
			       const struct kernfs_caller *c,
			       struct kernfs_inode **out, struct stat *st)
{
	g_auto(GStrv) parts = g_strsplit(path, "/", -1);
	struct kernfs_inode *cur = tt_rootino(m), *next = NULL;
	bool held = false;
	int ret = 0;

	if (st)
		kernfs_vfs_getattr(cur, st, NULL);
	for (int i = 0; parts[i]; i++) {
		if (!*parts[i])
			continue;
		ret = kernfs_vfs_lookup(cur, parts[i], c, &next, st);
		if (held)
			kernfs_vfs_forget(cur, 1);
		if (ret)
			return ret;
		cur = next;
		held = true;
	}
	if (!held)
		return -EINVAL;	/* the root needs no lookup */
	*out = cur;
	return 0;
}

static inline int tt_lookup(struct tfm_model *m, const char *path,
			    struct kernfs_inode **out)
{
	return tt_lookup_as(m, path, &tt_root, out, NULL);
}

static inline void tt_put(struct kernfs_inode *ino)
{
	kernfs_vfs_forget(ino, 1);
}

/* stat @path. Return: 0 or -errno. */
static inline int tt_stat(struct tfm_model *m, const char *path,
			  struct stat *st)
{
	struct kernfs_inode *ino = NULL;
	int ret;

	if (!*path)
		return kernfs_vfs_getattr(tt_rootino(m), st, NULL);
	ret = tt_lookup_as(m, path, &tt_root, &ino, st);
	if (!ret)
		tt_put(ino);
	return ret;
}

/* An open file and the inode it came from. */
struct tt_file {
	struct kernfs_inode *ino;
	struct kernfs_vfs_file *f;
	loff_t pos;
};

static inline int tt_open_as(struct tfm_model *m, const char *path,
			     int flags, const struct kernfs_caller *c,
			     struct tt_file *out)
{
	out->ino = NULL;
	int ret = tt_lookup_as(m, path, c, &out->ino, NULL);

	out->pos = 0;
	if (ret)
		return ret;
	ret = kernfs_vfs_open(out->ino, flags, c, &out->f);
	if (ret)
		tt_put(out->ino);
	return ret;
}

static inline int tt_open(struct tfm_model *m, const char *path, int flags,
			  struct tt_file *out)
{
	return tt_open_as(m, path, flags, &tt_root, out);
}

static inline void tt_close(struct tt_file *f)
{
	kernfs_vfs_release(f->f);
	tt_put(f->ino);
}

/* write(2) on an open file (advances its position). */
static inline ssize_t tt_fwrite(struct tt_file *f, const char *buf,
				size_t len)
{
	ssize_t r = kernfs_vfs_write(f->f, buf, len, f->pos, &tt_root);

	if (r > 0)
		f->pos += r;
	return r;
}

static inline ssize_t tt_fwrites(struct tt_file *f, const char *s)
{
	return tt_fwrite(f, s, strlen(s));
}

/* write(2) as @c (its pid is the writer's identity for the model). */
static inline ssize_t tt_fwrite_as(struct tt_file *f, const char *s,
				   const struct kernfs_caller *c)
{
	ssize_t r = kernfs_vfs_write(f->f, s, strlen(s), f->pos, c);

	if (r > 0)
		f->pos += r;
	return r;
}

/* read(2) on an open file (advances its position). */
static inline ssize_t tt_fread(struct tt_file *f, char *buf, size_t len)
{
	ssize_t r = kernfs_vfs_read(f->f, buf, len, f->pos, &tt_root);

	if (r > 0)
		f->pos += r;
	return r;
}

/* Read an open file to its end from position 0; g_free() the result. */
static inline char *tt_fslurp(struct tt_file *f, ssize_t *err)
{
	GString *s = g_string_new(NULL);
	char buf[4096];
	ssize_t r;

	f->pos = 0;
	while ((r = tt_fread(f, buf, sizeof(buf))) > 0)
		g_string_append_len(s, buf, r);
	if (err)
		*err = r;
	if (r < 0) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

/* Open, read everything, close.  NULL on error (*err = -errno). */
static inline char *tt_read(struct tfm_model *m, const char *path)
{
	struct tt_file f;
	char *s;

	if (tt_open(m, path, O_RDONLY, &f))
		return NULL;
	s = tt_fslurp(&f, NULL);
	tt_close(&f);
	return s;
}

/* Open for writing with @flags | O_WRONLY, write once, close. */
static inline ssize_t tt_write_flags(struct tfm_model *m, const char *path,
				     const char *data, size_t len, int flags)
{
	struct tt_file f;
	ssize_t r;
	int ret = tt_open(m, path, O_WRONLY | flags, &f);

	if (ret)
		return ret;
	r = tt_fwrite(&f, data, len);
	tt_close(&f);
	return r;
}

static inline ssize_t tt_write(struct tfm_model *m, const char *path,
			       const char *s)
{
	return tt_write_flags(m, path, s, strlen(s), 0);
}

/* Assert that @path reads exactly @expect. */
#define tt_assert_read(m, path, expect) do {				\
		g_autofree char *__s = tt_read((m), (path));		\
		assert_non_null(__s);					\
		assert_string_equal(__s, (expect));			\
	} while (0)

static inline int tt_collect_name(void *ctx, const char *name, size_t len,
				  uint64_t ino, unsigned int type, loff_t next)
{
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	g_ptr_array_add(ctx, g_strndup(name, len));
	return 0;
}

/* The names readdir lists in @path (without . and ..), in order. */
static inline GPtrArray *tt_readdir(struct tfm_model *m, const char *path)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	struct kernfs_inode *ino = NULL;
	struct kernfs_vfs_dir *d;

	assert_int_equal(tt_lookup(m, path, &ino), 0);
	assert_int_equal(kernfs_vfs_opendir(ino, &tt_root, &d), 0);
	assert_int_equal(kernfs_vfs_readdir(d, 0, tt_collect_name, names), 0);
	kernfs_vfs_releasedir(d);
	tt_put(ino);
	return names;
}

/* mkdir/rmdir below a directory path, as root. */
static inline int tt_mkdir(struct tfm_model *m, const char *dir,
			   const char *name)
{
	struct kernfs_inode *d = NULL, *n;
	int ret = *dir ? tt_lookup(m, dir, &d) : 0;

	if (!*dir)
		d = tt_rootino(m);
	if (ret)
		return ret;
	ret = kernfs_vfs_mkdir(d, name, 0777, &tt_root, &n, NULL);
	if (!ret)
		tt_put(n);
	if (*dir)
		tt_put(d);
	return ret;
}

static inline int tt_rmdir(struct tfm_model *m, const char *dir,
			   const char *name)
{
	struct kernfs_inode *d = NULL;
	int ret = *dir ? tt_lookup(m, dir, &d) : 0;

	if (!*dir)
		d = tt_rootino(m);
	if (ret)
		return ret;
	ret = kernfs_vfs_rmdir(d, name, &tt_root);
	if (*dir)
		tt_put(d);
	return ret;
}

/* setattr as root on @path. */
static inline int tt_setattr(struct tfm_model *m, const char *path,
			     const struct iattr *ia)
{
	struct kernfs_inode *ino = NULL;
	int ret = tt_lookup(m, path, &ino);

	if (ret)
		return ret;
	ret = kernfs_vfs_setattr(ino, ia, &tt_root, NULL);
	tt_put(ino);
	return ret;
}

static inline int tt_chown(struct tfm_model *m, const char *path, uid_t uid,
			   gid_t gid)
{
	struct iattr ia = { .ia_valid = ATTR_UID | ATTR_GID,
			    .ia_uid = uid, .ia_gid = gid };

	if (!*path)
		return kernfs_vfs_setattr(tt_rootino(m), &ia, &tt_root, NULL);
	return tt_setattr(m, path, &ia);
}

static inline int tt_chmod(struct tfm_model *m, const char *path,
			   umode_t mode)
{
	struct iattr ia = { .ia_valid = ATTR_MODE, .ia_mode = mode };

	return tt_setattr(m, path, &ia);
}

/* Captured file of the embedded fixture, read from $TFM_DATA_DIR. */
static inline char *tt_fixture(const char *rel, gsize *len)
{
	const char *dir = getenv("TFM_DATA_DIR");
	g_autofree char *path = NULL;
	char *text = NULL;

	assert_non_null(dir);
	path = g_build_filename(dir, "linux-6.18", rel, NULL);
	if (!g_file_get_contents(path, &text, len, NULL))
		return NULL;
	return text;
}

#endif /* TFM_TEST_H */

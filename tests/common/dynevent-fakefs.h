/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynevent-fakefs.h - the small fake file system in which the uprobe
 * tests and the dynevent fuzz harness resolve a probe's path, so that
 * nothing touches the real one.  Header only; needs dynevent.h (from
 * lib/tracefs-model), glib.h, errno.h and string.h included first.
 */
#ifndef DYNEVENT_FAKEFS_H
#define DYNEVENT_FAKEFS_H

struct tt_fake_file {
	const char *path;
	ino_t ino;
	bool is_reg;
};

/* Several names of one file share its inode (11: /bin/true). */
static const struct tt_fake_file tt_fake_fs[] = {
	{ "/bin/bash", 10, true },
	{ "/bin/true", 11, true },
	{ "./true", 11, true },
	{ "/bin/../bin/true", 11, true },
	{ "/bin/sh", 12, true },
	{ "/lib/libfoo.so.6", 13, true },
	{ "/usr/bin/my-tool", 14, true },
	{ "/tmp/a+b", 15, true },
	{ "/bin/a:b", 16, true },
	{ "/bin", 2, false },
	{ "/sys", 3, false },
	{ "/dev/null", 4, false },
};

/*
 * A tfm_dynevent_lookup_fn over tt_fake_fs (device 1): -ENOTDIR below
 * /bin/bash, -ENOENT for any other name.
 */
static inline int tt_fake_lookup(const char *path, void *data,
				 struct tfm_dynevent_inode *out)
{
	(void)data;
	for (size_t i = 0; i < G_N_ELEMENTS(tt_fake_fs); i++) {
		if (!strcmp(path, tt_fake_fs[i].path)) {
			out->dev = 1;
			out->ino = tt_fake_fs[i].ino;
			out->is_reg = tt_fake_fs[i].is_reg;
			return 0;
		}
	}
	if (g_str_has_prefix(path, "/bin/bash/"))
		return -ENOTDIR;
	return -ENOENT;
}

#endif /* DYNEVENT_FAKEFS_H */

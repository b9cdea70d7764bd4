/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mountopt.h - tracefs mount options (uid=, gid=, mode=) as Linux 6.18
 * parses them (fs/tracefs/inode.c with the fs_parser helpers), and the
 * /proc/mounts suffix they show.
 *
 * Private to tracefs-model; not installed.
 */
#ifndef TFM_MOUNTOPT_H
#define TFM_MOUNTOPT_H

#include <stdint.h>

/* Root directory mode when no mode= is given. */
#define TFM_MOUNT_DEFAULT_MODE	0700

/* Bits of tfm_mount_opts.given: which options were written. */
#define TFM_MOUNT_OPT_UID	(1u << 0)
#define TFM_MOUNT_OPT_GID	(1u << 1)
#define TFM_MOUNT_OPT_MODE	(1u << 2)

/*
 * struct tfm_mount_opts - the option set of one mount (or remount).
 * @uid:	root uid (0 unless given)
 * @gid:	root gid (0 unless given)
 * @mode:	root permission bits, already masked with 07777
 * @given:	TFM_MOUNT_OPT_* of the options that were given; a remount
 *		(and every later mount) applies only those, while the whole
 *		set replaces what /proc/mounts shows
 */
struct tfm_mount_opts {
	uint32_t uid;
	uint32_t gid;
	uint32_t mode;
	unsigned int given;
};

void tfm_mount_opts_init(struct tfm_mount_opts *opts);
int tfm_mount_opts_parse(const char *options, struct tfm_mount_opts *opts,
			 char **errmsg);
char *tfm_mount_opts_show(const struct tfm_mount_opts *opts);

#endif /* TFM_MOUNTOPT_H */

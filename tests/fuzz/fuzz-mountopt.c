// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-mountopt - libFuzzer harness for the tracefs mount option parser
 * (tfm_mount_opts_parse() and tfm_mount_opts_show()).
 *
 * The input, up to its first NUL, is a mount option string.  A failed
 * parse must leave the options as they were and give a message; a
 * successful one must show options that parse back to the same uid, gid
 * and mode (what a remount with /proc/mounts' options does).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "mountopt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void round_trip(const struct tfm_mount_opts *opts)
{
	g_autofree char *shown = tfm_mount_opts_show(opts);
	struct tfm_mount_opts again;

	check(shown != NULL);
	tfm_mount_opts_init(&again);
	check(tfm_mount_opts_parse(shown, &again, NULL) == 0);
	check(again.uid == opts->uid && again.gid == opts->gid &&
	      again.mode == opts->mode);
}

/**
 * LLVMFuzzerTestOneInput - parse one option string.
 * Return: 0 (libFuzzer's convention).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *s = g_strndup((const char *)data, size);
	g_autofree char *msg = NULL;
	struct tfm_mount_opts opts, before;
	int ret;

	tfm_mount_opts_init(&opts);
	opts.uid = 1000;
	opts.given = TFM_MOUNT_OPT_UID;
	before = opts;
	ret = tfm_mount_opts_parse(s, &opts, &msg);
	check(tfm_mount_opts_parse(s, &opts, NULL) == ret);
	if (ret) {
		check(ret == -EINVAL && msg != NULL);
		check(!memcmp(&opts, &before, sizeof(opts)));
		return 0;
	}
	check(msg == NULL && opts.mode <= 07777);
	round_trip(&opts);
	return 0;
}

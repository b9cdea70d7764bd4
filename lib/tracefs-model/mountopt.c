/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mountopt.c - tracefs mount options as Linux 6.18 parses and shows them.
 */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "mountopt.h"
#include "setevent.h"

/* The id that no user namespace maps ((uid_t)-1). */
#define INVALID_ID	0xffffffffu

/**
 * tfm_mount_opts_init() - the option set of a mount given no options
 * @opts: the set to initialise
 *
 * uid 0, gid 0, mode 0700, nothing given.
 */
void tfm_mount_opts_init(struct tfm_mount_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->mode = TFM_MOUNT_DEFAULT_MODE;
}

static int fail(char **errmsg, char *msg)
{
	if (errmsg)
		*errmsg = msg;
	else
		g_free(msg);
	return -EINVAL;
}

/* uid= / gid=: fsparam_uid()/fsparam_gid(), i.e. kstrtouint(base 0). */
static int parse_id(const char *key, const char *value, uint32_t *id,
		    char **errmsg)
{
	unsigned int v;

	if (!value || tfm_kstrtouint(value, 0, &v) < 0)
		return fail(errmsg, g_strdup_printf("Bad value for '%s'", key));
	if (v == INVALID_ID)
		return fail(errmsg, g_strdup_printf("Invalid %s '%s'", key, value));
	*id = v;
	return 0;
}

static int parse_param(const char *key, const char *value,
		       struct tfm_mount_opts *opts, char **errmsg)
{
	unsigned int mode;
	int ret;

	if (strcmp(key, "uid") == 0) {
		ret = parse_id(key, value, &opts->uid, errmsg);
		opts->given |= ret ? 0 : TFM_MOUNT_OPT_UID;
		return ret;
	}
	if (strcmp(key, "gid") == 0) {
		ret = parse_id(key, value, &opts->gid, errmsg);
		opts->given |= ret ? 0 : TFM_MOUNT_OPT_GID;
		return ret;
	}
	if (strcmp(key, "mode") == 0) {
		if (!value || tfm_kstrtouint(value, 8, &mode) < 0)
			return fail(errmsg, g_strdup("Bad value for 'mode'"));
		opts->mode = mode & 07777;
		opts->given |= TFM_MOUNT_OPT_MODE;
		return 0;
	}
	return fail(errmsg, g_strdup_printf("Unknown parameter '%s'", key));
}

/**
 * tfm_mount_opts_parse() - parse a tracefs mount option string
 * @options:	"uid=N,gid=N,mode=O" in any order and number, or NULL
 * @opts:	receives the resulting set; unchanged on error
 * @errmsg:	on error receives the kernel's log message (g_free()), e.g.
 *		"Bad value for 'uid'"; the kernel's log shows it after
 *		"tracefs: ".  May be NULL.
 *
 * Like mount(2) with the new mount API: the string is split at ',', empty
 * pieces and pieces starting with '=' are skipped, "key=value" splits at
 * the first '='.  Each piece starts from the defaults of
 * tfm_mount_opts_init(), later pieces override earlier ones, the first bad
 * piece stops the parse.  uid and gid take kstrtouint(base 0) ("1000",
 * "0x3e8", "+5"), except 4294967295 ("Invalid uid '...'"); mode takes
 * kstrtouint(base 8) masked with 07777.  A key without '=' or with a bad
 * number is "Bad value for '<key>'"; any other key, including the VFS
 * flags (ro, rw, ...) that the kernel handles before tracefs sees them,
 * is "Unknown parameter '<key>'".  Ids are taken as in the initial user
 * namespace.
 *
 * Return: 0 or -EINVAL.
 */
int tfm_mount_opts_parse(const char *options, struct tfm_mount_opts *opts,
			 char **errmsg)
{
	g_autofree char *copy = g_strdup(options ? options : "");
	struct tfm_mount_opts tmp;
	char *rest = copy, *key;

	if (errmsg)
		*errmsg = NULL;
	tfm_mount_opts_init(&tmp);
	while ((key = strsep(&rest, ",")) != NULL) {
		char *value = strchr(key, '=');
		int ret;

		if (!*key || value == key)
			continue;
		if (value)
			*value++ = '\0';
		ret = parse_param(key, value, &tmp, errmsg);
		if (ret)
			return ret;
	}
	*opts = tmp;
	return 0;
}

/**
 * tfm_mount_opts_show() - the tracefs part of a /proc/mounts options field
 * @opts: the current option set
 *
 * ",uid=<n>" unless uid is 0, ",gid=<n>" unless gid is 0, ",mode=<octal>"
 * unless mode is 0700, in that order; appended by the VFS after "rw".
 *
 * Return: the suffix, possibly "" (g_free()).
 */
char *tfm_mount_opts_show(const struct tfm_mount_opts *opts)
{
	GString *out = g_string_new(NULL);

	if (opts->uid)
		g_string_append_printf(out, ",uid=%u", opts->uid);
	if (opts->gid)
		g_string_append_printf(out, ",gid=%u", opts->gid);
	if (opts->mode != TFM_MOUNT_DEFAULT_MODE)
		g_string_append_printf(out, ",mode=%o", opts->mode);
	return g_string_free(out, FALSE);
}

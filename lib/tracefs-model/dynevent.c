/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynevent.c - uprobe definition commands: write splitting, the command
 * head (kind, PATH:OFFSET, names), removal commands, the registration
 * checks and the destructors.  FETCHARGs are in dynevent-arg.c, readback
 * and generated formats in dynevent-show.c.
 *
 * Follows the order of checks, the errno values and the error_log caret
 * positions of Linux 6.18's probe-event parser.  Character classes use the
 * kernel's Latin-1 ctype table, numbers the kernel's kstrto*() rules.
 */
#include "dynevent-priv.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#define WRITE_BUFSIZE		4096
#define MAX_EVENT_NAME_LEN	64

/* ---- the definition head, place and names ---- */

static int parse_event_name(const char *spec, struct tfm_dynevent_probe *p,
			    struct plog *log)
{
	const char *slash = strchr(spec, '/'), *event = spec;
	int offset = 2;
	size_t len;

	if (!slash)
		slash = strchr(spec, '.');
	if (slash) {
		g_autofree char *grp = NULL;

		if (slash == spec) {
			tfm_dynevent_log_err(log, offset, E_NO_GROUP_NAME);
			return -EINVAL;
		}
		if (slash - spec + 1 > MAX_EVENT_NAME_LEN) {
			tfm_dynevent_log_err(log, offset, E_GROUP_TOO_LONG);
			return -EINVAL;
		}
		grp = g_strndup(spec, slash - spec);
		if (!is_good_name(grp, true)) {
			tfm_dynevent_log_err(log, offset, E_BAD_GROUP_NAME);
			return -EINVAL;
		}
		g_free(p->group);
		p->group = g_steal_pointer(&grp);
		offset += slash - spec + 1;
		event = slash + 1;
	}
	len = strlen(event);
	if (len == 0) {
		if (slash)
			return 0;
		tfm_dynevent_log_err(log, offset, E_NO_EVENT_NAME);
		return -EINVAL;
	} else if (len >= MAX_EVENT_NAME_LEN) {
		tfm_dynevent_log_err(log, offset, E_EVENT_TOO_LONG);
		return -EINVAL;
	}
	if (!is_good_name(event, false)) {
		tfm_dynevent_log_err(log, offset, E_BAD_EVENT_NAME);
		return -EINVAL;
	}
	p->event = g_strdup(event);
	return 0;
}

static char *default_event_name(const char *path, unsigned long offset)
{
	const char *base = strrchr(path, '/');
	g_autofree char *stem = g_strdup(base ? base + 1 : path);
	char *name;

	stem[strcspn(stem, ".-_")] = '\0';
	name = g_strdup_printf("p_%s_0x%lx", stem, offset);
	if (strlen(name) >= MAX_EVENT_NAME_LEN)
		name[MAX_EVENT_NAME_LEN - 1] = '\0';
	return name;
}

/* PATH:OFFSET[%return][(REF)] with the kernel's ordering of checks. */
static int parse_place(struct tfm_dynevent_probe *p, char *filename,
		       char *arg, struct plog *log)
{
	char *rctr, *rctr_end, *tmp;
	int ret;

	rctr = strchr(arg, '(');
	if (rctr) {
		rctr_end = strchr(rctr, ')');
		if (!rctr_end) {
			tfm_dynevent_log_err(log, rctr + strlen(rctr) - filename,
					     E_REFCNT_OPEN_BRACE);
			return -EINVAL;
		} else if (rctr_end[1] != '\0') {
			tfm_dynevent_log_err(log, rctr_end + 1 - filename,
					     E_BAD_REFCNT_SUFFIX);
			return -EINVAL;
		}
		*rctr++ = '\0';
		*rctr_end = '\0';
		ret = tfm_dynevent_kstrtoul(rctr, 0, &p->ref_ctr);
		if (ret) {
			tfm_dynevent_log_err(log, rctr - filename, E_BAD_REFCNT);
			return ret;
		}
	}
	tmp = strchr(arg, '%');
	if (tmp) {
		if (strcmp(tmp, "%return")) {
			tfm_dynevent_log_err(log, tmp - filename,
					     E_BAD_ADDR_SUFFIX);
			return -EINVAL;
		}
		*tmp = '\0';
		p->is_return = true;
	}
	ret = tfm_dynevent_kstrtoul(arg, 0, &p->offset);
	if (ret)
		tfm_dynevent_log_err(log, arg - filename, E_BAD_UPROBE_OFFS);
	return ret;
}

static int uprobe_create(struct tfm_dynevent_probe *p,
			 tfm_dynevent_lookup_fn lookup, void *data,
			 struct plog *log)
{
	const char *event = NULL;
	char *filename = NULL, *arg;
	int ret;

	if (p->argv[0][0] == 'r')
		p->is_return = true;
	else if (p->argv[0][0] != 'p')
		return -ECANCELED;
	if (p->argc < 2)
		return -ECANCELED;
	if (p->argc - 2 > TFM_DYNEVENT_MAX_ARGS) {
		log->index = 2;
		tfm_dynevent_log_err(log, 0, E_TOO_MANY_ARGS);
		return -E2BIG;
	}
	if (p->argv[0][1] == ':')
		event = &p->argv[0][2];
	if (!strchr(p->argv[1], '/'))
		return -ECANCELED;
	filename = p->path = g_strdup(p->argv[1]);
	arg = strrchr(filename, ':');
	if (!arg || !k_isdigit(arg[1]))
		return -ECANCELED;
	log->index = 1;
	*arg++ = '\0';
	ret = lookup(filename, data, &p->inode);
	if (ret) {
		tfm_dynevent_log_err(log, 0, E_FILE_NOT_FOUND);
		return ret;
	}
	if (!p->inode.is_reg) {
		tfm_dynevent_log_err(log, 0, E_NO_REGULAR_FILE);
		return -EINVAL;
	}
	ret = parse_place(p, filename, arg, log);
	if (ret)
		return ret;
	log->index = 0;
	p->group = g_strdup(TFM_DYNEVENT_DEFAULT_GROUP);
	if (event) {
		ret = parse_event_name(event, p, log);
		if (ret)
			return ret;
	}
	if (!p->event)
		p->event = default_event_name(filename, p->offset);
	p->nr_args = p->argc - 2;
	p->args = g_new0(struct tfm_dynevent_arg, p->nr_args);
	for (unsigned int i = 0; i < p->nr_args; i++) {
		log->index = i + 2;
		ret = tfm_dynevent_parse_arg(p, i, p->argv[i + 2], log);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- argv_split() ---- */

static char **split_args(const char *s, int *argc)
{
	GPtrArray *v = g_ptr_array_new();

	while (*s) {
		const char *start;

		while (*s && k_isspace(*s))
			s++;
		if (!*s)
			break;
		start = s;
		while (*s && !k_isspace(*s))
			s++;
		g_ptr_array_add(v, g_strndup(start, s - start));
	}
	*argc = v->len;
	g_ptr_array_add(v, NULL);
	return (char **)g_ptr_array_free(v, FALSE);
}

static int parse_removal(const char *line, struct tfm_dynevent_cmd *cmd)
{
	struct tfm_dynevent_removal *rm;
	g_auto(GStrv) argv = NULL;
	char *event, *slash;
	int argc;

	argv = split_args(line, &argc);
	if (argv[0][0] == '-') {
		if (argv[0][1] != ':')
			return -EINVAL;
		event = &argv[0][2];
	} else {
		event = strchr(argv[0], ':');
		if (!event)
			return -EINVAL;
		event++;
	}
	slash = strchr(event, '/');
	if (!slash && event[0] == '\0')
		return -EINVAL;
	rm = g_new0(struct tfm_dynevent_removal, 1);
	if (slash) {
		rm->group = g_strndup(event, slash - event);
		event = slash + 1;
	}
	rm->event = g_strdup(event);
	rm->argc = argc - 1;
	rm->argv = g_strdupv(argv + 1);
	cmd->kind = TFM_DYNEVENT_CMD_REMOVE;
	cmd->removal = rm;
	return 0;
}

int tfm_dynevent_parse_line(const char *line, enum tfm_dynevent_file file,
			    tfm_dynevent_lookup_fn lookup, void *lookup_data,
			    struct tfm_dynevent_cmd *cmd,
			    struct tfm_dynevent_err **err)
{
	struct tfm_dynevent_probe *p;
	struct plog log = { .err = err };
	int ret;

	memset(cmd, 0, sizeof(*cmd));
	if (err)
		*err = NULL;
	if (line[0] == '-' ||
	    (file == TFM_DYNEVENT_DYNAMIC_EVENTS && line[0] == '!'))
		return parse_removal(line, cmd);
	p = g_new0(struct tfm_dynevent_probe, 1);
	p->argv = split_args(line, &p->argc);
	if (p->argc == 0) {
		tfm_dynevent_probe_free(p);
		return 0;
	}
	log.argv = p->argv;
	log.argc = p->argc;
	ret = uprobe_create(p, lookup, lookup_data, &log);
	if (ret) {
		tfm_dynevent_probe_free(p);
		return ret == -ECANCELED ? -EINVAL : ret;
	}
	cmd->kind = TFM_DYNEVENT_CMD_DEFINE;
	cmd->probe = p;
	return 0;
}

ssize_t tfm_dynevent_run_write(const char *ubuf, size_t count,
			       int (*fn)(char *line, void *data), void *data)
{
	g_autofree char *kbuf = g_malloc(WRITE_BUFSIZE);
	size_t done = 0, size;
	char *buf, *tmp;
	int ret;

	while (done < count) {
		size = count - done;
		if (size >= WRITE_BUFSIZE)
			size = WRITE_BUFSIZE - 1;
		memcpy(kbuf, ubuf + done, size);
		kbuf[size] = '\0';
		buf = kbuf;
		do {
			tmp = strchr(buf, '\n');
			if (tmp) {
				*tmp = '\0';
				size = tmp - buf + 1;
			} else {
				size = strlen(buf);
				if (done + size < count) {
					if (buf != kbuf)
						break;
					return -EINVAL;
				}
			}
			done += size;
			tmp = strchr(buf, '#');
			if (tmp)
				*tmp = '\0';
			ret = fn(buf, data);
			if (ret)
				return ret;
			buf += size;
		} while (done < count);
	}
	return done;
}

/* ---- registration, removal ---- */

static bool same_place(const struct tfm_dynevent_probe *a,
		       const struct tfm_dynevent_probe *b)
{
	return a->inode.dev == b->inode.dev && a->inode.ino == b->inode.ino &&
	       a->offset == b->offset;
}

bool tfm_dynevent_same_event(const struct tfm_dynevent_probe *a,
			     const struct tfm_dynevent_probe *b)
{
	return !strcmp(a->event, b->event) && !strcmp(a->group, b->group);
}

/* 1-based index of the first differing argument, 0 when all agree */
static unsigned int compare_arg_type(const struct tfm_dynevent_probe *a,
				     const struct tfm_dynevent_probe *b)
{
	if (a->nr_args != b->nr_args)
		return MIN(a->nr_args, b->nr_args) + 1;
	for (unsigned int i = 0; i < a->nr_args; i++) {
		if (a->args[i].type != b->args[i].type ||
		    a->args[i].count != b->args[i].count ||
		    strcmp(a->args[i].name, b->args[i].name))
			return i + 1;
	}
	return 0;
}

static bool same_probe(const struct tfm_dynevent_probe *a,
		       const struct tfm_dynevent_probe *b)
{
	if (!same_place(a, b))
		return false;
	for (unsigned int i = 0; i < a->nr_args; i++) {
		if (strcmp(a->args[i].comm, b->args[i].comm))
			return false;
	}
	return true;
}

static int append_check(const struct tfm_dynevent_probe *p,
			struct tfm_dynevent_probe *const *list, size_t nr,
			const struct tfm_dynevent_probe *old, struct plog *log)
{
	unsigned int diff;

	if (p->is_return != old->is_return) {
		tfm_dynevent_log_err(log, 0, E_DIFF_PROBE_TYPE);
		return -EEXIST;
	}
	diff = compare_arg_type(p, old);
	if (diff) {
		log->index = diff + 1;
		tfm_dynevent_log_err(log, 0, E_DIFF_ARG_TYPE);
		return -EEXIST;
	}
	for (size_t i = 0; i < nr; i++) {
		if (tfm_dynevent_same_event(list[i], p) && same_probe(list[i], p)) {
			tfm_dynevent_log_err(log, 0, E_SAME_PROBE);
			return -EEXIST;
		}
	}
	return 0;
}

int tfm_dynevent_register_check(const struct tfm_dynevent_probe *p,
				struct tfm_dynevent_probe *const *list,
				size_t nr, bool static_name_taken,
				struct tfm_dynevent_probe **append_to,
				struct tfm_dynevent_err **err)
{
	struct plog log = { p->argv, p->argc, 0, err };
	struct tfm_dynevent_probe *old = NULL;
	int ret;

	if (err)
		*err = NULL;
	*append_to = NULL;
	for (size_t i = 0; i < nr; i++) {
		if (same_place(list[i], p) && list[i]->ref_ctr != p->ref_ctr)
			return -EINVAL;
	}
	for (size_t i = 0; i < nr && !old; i++) {
		if (tfm_dynevent_same_event(list[i], p))
			old = list[i];
	}
	if (old) {
		ret = append_check(p, list, nr, old, &log);
		if (!ret)
			*append_to = old;
		return ret;
	}
	if (static_name_taken) {
		tfm_dynevent_log_err(&log, 0, E_EVENT_EXIST);
		return -EEXIST;
	}
	return 0;
}

static char *place_string(const struct tfm_dynevent_probe *p)
{
	if (p->ref_ctr)
		return g_strdup_printf("0x%016lx(0x%lx)", p->offset, p->ref_ctr);
	return g_strdup_printf("0x%016lx", p->offset);
}

static bool match_command_head(const struct tfm_dynevent_probe *p, int argc,
			       char *const *argv)
{
	g_autofree char *place = NULL;
	size_t len = strlen(p->path);

	if (!argc)
		return true;
	if (strncmp(p->path, argv[0], len) || argv[0][len] != ':')
		return false;
	place = place_string(p);
	if (strcmp(place, argv[0] + len + 1))
		return false;
	if ((unsigned int)argc - 1 > p->nr_args)
		return false;
	for (int i = 1; i < argc; i++) {
		const struct tfm_dynevent_arg *a = &p->args[i - 1];
		g_autofree char *buf = g_strdup_printf("%s=%s", a->name, a->comm);

		if (strlen(buf) > MAX_ARGSTR_LEN)	/* snprintf() into 64 */
			buf[MAX_ARGSTR_LEN] = '\0';
		if (strcmp(buf, argv[i]))
			return false;
	}
	return true;
}

bool tfm_dynevent_removal_match(const struct tfm_dynevent_removal *rm,
				const struct tfm_dynevent_probe *p)
{
	return (rm->event[0] == '\0' || !strcmp(p->event, rm->event)) &&
	       (!rm->group || !strcmp(p->group, rm->group)) &&
	       match_command_head(p, rm->argc, rm->argv);
}

int tfm_dynevent_lookup_stat(const char *path, void *data,
			     struct tfm_dynevent_inode *out)
{
	int dirfd = data ? *(int *)data : AT_FDCWD;
	struct stat st;

	if (fstatat(dirfd, path, &st, 0))
		return -errno;
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	out->is_reg = S_ISREG(st.st_mode);
	return 0;
}

/* ---- destructors ---- */

void tfm_dynevent_probe_free(struct tfm_dynevent_probe *p)
{
	if (!p)
		return;
	for (unsigned int i = 0; p->args && i < p->nr_args; i++) {
		g_free(p->args[i].name);
		g_free(p->args[i].comm);
		g_free(p->args[i].fmt);
	}
	g_free(p->args);
	g_free(p->group);
	g_free(p->event);
	g_free(p->path);
	g_strfreev(p->argv);
	g_free(p);
}

void tfm_dynevent_removal_free(struct tfm_dynevent_removal *rm)
{
	if (!rm)
		return;
	g_free(rm->group);
	g_free(rm->event);
	g_strfreev(rm->argv);
	g_free(rm);
}

void tfm_dynevent_err_free(struct tfm_dynevent_err *err)
{
	if (!err)
		return;
	g_free(err->cmd);
	g_free(err);
}

void tfm_dynevent_cmd_clear(struct tfm_dynevent_cmd *cmd)
{
	if (!cmd)
		return;
	tfm_dynevent_probe_free(cmd->probe);
	tfm_dynevent_removal_free(cmd->removal);
	memset(cmd, 0, sizeof(*cmd));
}

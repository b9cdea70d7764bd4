/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mock-tracefs.c - mount a model of Linux 6.18's tracefs with FUSE.
 *
 *	mock-tracefs [OPTIONS] MOUNTPOINT
 *	mock-tracefs remount MOUNTPOINT -o uid=N,gid=N,mode=O
 *
 * The only place where the FUSE bridge and tracefs-model meet: the model
 * is built, its kernfs root handed to the bridge, and remount requests
 * from the control channel (mock-remount.c) handed to the model.  The
 * manual is doc/mock-tracefs.1.
 */
#include "bridge.h"
#include "mock-tracefs.h"

#include <errno.h>
#include <glib.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs-model/model.h>
/* private headers, only to explain a bad catalog or option in one line */

#ifndef MOCK_TRACEFS_VERSION
#define MOCK_TRACEFS_VERSION "unknown"
#endif

#define MT_MAX_CPUS	64

/* What the command line asked for, beyond the bridge's options. */
struct mt_cli {
	char *catalog;
	char *cpus;
	char *design;
	gboolean check_counts;
	GString *tracefs_opts;	/* uid=, gid=, mode= taken out of -o */
	bool fsname_given;
	bool subtype_given;
	unsigned int nr_cpus;
	enum tfm_design design_val;
};

/* What the remount callback needs. */
struct mt_daemon {
	struct tfm_model *model;
	struct kfe_bridge *br;
};

int mt_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("mock-tracefs: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static void mt_usage(void)
{
	printf("usage: mock-tracefs [OPTIONS] MOUNTPOINT\n"
	       "       mock-tracefs remount MOUNTPOINT -o uid=N,gid=N,mode=O\n"
	       "\n"
	       "Mount a model of Linux 6.18's tracefs at MOUNTPOINT with FUSE.\n"
	       "\n"
	       "mock-tracefs options:\n"
	       "    --catalog=FILE         the events of another kernel (doc/catalog-format.md)\n"
	       "    --cpus=N               simulated CPUs, 1 to 64 (default: this machine's)\n"
	       "    --design=template|nodes  how events/ is built (default: template)\n"
	       "    --check-counts         at unmount, verify that every lookup count came back\n"
	       "                           (exit status 3 when not; implied by -d)\n"
	       "    -o uid=N,gid=N,mode=O  tracefs mount options (default: uid and gid of the\n"
	       "                           caller, mode 0700)\n"
	       "\n");
	fuse_cmdline_help();
	fputs(kfe_bridge_help(), stdout);
	fuse_lowlevel_help();
	printf("\nSee mock-tracefs(1).\n");
}

/* ---- command line ---- */

static int mt_parse_ours(int *argc, char ***argv, struct mt_cli *cli)
{
	GOptionEntry entries[] = {
		{ "catalog", 0, 0, G_OPTION_ARG_FILENAME, &cli->catalog,
		  NULL, NULL },
		{ "cpus", 0, 0, G_OPTION_ARG_STRING, &cli->cpus, NULL, NULL },
		{ "design", 0, 0, G_OPTION_ARG_STRING, &cli->design,
		  NULL, NULL },
		{ "check-counts", 0, 0, G_OPTION_ARG_NONE, &cli->check_counts,
		  NULL, NULL },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
	g_autoptr(GError) err = NULL;

	/* no short options here: "-oallow_other" must reach libfuse whole */
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_help_enabled(ctx, FALSE);
	g_option_context_set_ignore_unknown_options(ctx, TRUE);
	if (!g_option_context_parse(ctx, argc, argv, &err))
		return mt_fail("%s (try --help)", err->message);
	return 0;
}

static int mt_check_values(struct mt_cli *cli)
{
	char *end;
	unsigned long n;

	cli->design_val = TFM_DESIGN_TEMPLATE;
	if (cli->design && !strcmp(cli->design, "nodes"))
		cli->design_val = TFM_DESIGN_NODES;
	else if (cli->design && strcmp(cli->design, "template"))
		return mt_fail("--design=%s: must be 'template' or 'nodes'",
			       cli->design);
	if (!cli->cpus)
		return 0;
	errno = 0;
	n = strtoul(cli->cpus, &end, 10);
	if (!g_ascii_isdigit(*cli->cpus) || *end || errno || n < 1 ||
	    n > MT_MAX_CPUS)
		return mt_fail("--cpus=%s: the number of CPUs must be 1 to %d",
			       cli->cpus, MT_MAX_CPUS);
	cli->nr_cpus = (unsigned int)n;
	return 0;
}

enum { MT_KEY_TRACEFS, MT_KEY_FSNAME, MT_KEY_SUBTYPE };

static const struct fuse_opt mt_opt_spec[] = {
	FUSE_OPT_KEY("uid=", MT_KEY_TRACEFS),
	FUSE_OPT_KEY("gid=", MT_KEY_TRACEFS),
	FUSE_OPT_KEY("mode=", MT_KEY_TRACEFS),
	FUSE_OPT_KEY("fsname=", MT_KEY_FSNAME),
	FUSE_OPT_KEY("subtype=", MT_KEY_SUBTYPE),
	FUSE_OPT_END
};

static int mt_opt_proc(void *data, const char *arg, int key,
		       struct fuse_args *outargs)
{
	struct mt_cli *cli = data;

	switch (key) {
	case MT_KEY_TRACEFS:
		g_string_append_printf(cli->tracefs_opts, ",%s", arg);
		return 0;	/* the model's, not libfuse's */
	case MT_KEY_FSNAME:
		cli->fsname_given = true;
		return 1;
	case MT_KEY_SUBTYPE:
		cli->subtype_given = true;
		return 1;
	default:
		return 1;
	}
}

/* Take the tracefs options out of -o; name the mount unless asked not to. */
static int mt_take_opts(struct fuse_args *args, struct mt_cli *cli)
{
	if (fuse_opt_parse(args, cli, mt_opt_spec, mt_opt_proc))
		return mt_fail("bad -o options (try --help)");
	if (!cli->fsname_given)
		fuse_opt_add_arg(args, "-ofsname=mock-tracefs");
	if (!cli->subtype_given)
		fuse_opt_add_arg(args, "-osubtype=mock-tracefs");
	return 0;
}

/* ---- the model ---- */

/* The initial mount's options: the caller's ids, then what -o gave. */
static char *mt_mount_options(const struct mt_cli *cli)
{
	return g_strdup_printf("uid=%u,gid=%u%s", (unsigned int)getuid(),
			       (unsigned int)getgid(), cli->tracefs_opts->str);
}

static int mt_build_model(const struct mt_cli *cli, struct tfm_model **out)
{
	g_autofree char *mount_opts = mt_mount_options(cli);
	g_autofree char *msg = NULL;
	struct tfm_model_opts o;
	int ret;

	tfm_model_opts_init(&o);
	o.catalog_path = cli->catalog;
	o.nr_cpus = cli->nr_cpus;
	o.design = cli->design_val;
	o.mount_options = mount_opts;
	ret = tfm_model_new_msg(&o, out, &msg);
	if (ret < 0 && msg && cli->catalog && !strncmp(msg, cli->catalog, strlen(cli->catalog)))
		mt_fail("--catalog: %s", msg);
	else if (ret < 0 && msg)
		mt_fail("bad tracefs mount option: %s", msg);
	else if (ret < 0)
		mt_fail("cannot build the tracefs model: %s", g_strerror(-ret));
	return ret;
}

/*
 * The bridge sends the invalidations a remount caused from its notifier
 * thread.  Answer the remount only once they are out, so that a stat
 * right after it sees the new owners.
 */
static int mt_apply_remount(void *data, const char *opts, char **errmsg)
{
	struct mt_daemon *d = data;
	int ret = tfm_model_remount(d->model, opts, errmsg);

	if (ret == 0)
		kfe_bridge_flush_notes(d->br);
	return ret;
}

/* ---- serving ---- */

static bool mt_report_counts(struct kfe_bridge *br)
{
	bool ok;
	g_autofree char *line = kfe_bridge_counts_report(br, &ok);

	fprintf(stderr, "mock-tracefs: %s\n", line);
	return ok;
}

/*
 * Mount, daemonize (ourselves, so that the control thread starts in the
 * process that serves), serve until unmounted.  Return: exit status.
 */
static int mt_serve(struct mt_cli *cli, struct kfe_bridge_opts *opts,
		    struct fuse_args *args, const char *mnt,
		    struct tfm_model *model)
{
	bool foreground = opts->foreground;
	struct mt_daemon d = { .model = model };
	char *real;
	struct mt_ctl *ctl;
	int status = 0, err = 0;

	/* before mounting: afterwards realpath() would ask ourselves */
	real = mnt ? realpath(mnt, NULL) : NULL;
	opts->foreground = true;	/* kfe_bridge_run must not fork */
	d.br = kfe_bridge_new(tfm_model_root(model), opts);
	if (kfe_bridge_mount(d.br, args, mnt) < 0) {
		status = mt_fail("%s", kfe_bridge_errmsg(d.br));
		goto out;
	}
	ctl = real ? mt_ctl_open(real, mt_apply_remount, &d, &err) : NULL;
	if (!ctl)
		mt_fail("warning: 'mock-tracefs remount' will not work: %s",
			g_strerror(real ? -err : errno));
	if (fuse_daemonize(foreground) != 0) {
		status = mt_fail("cannot daemonize");
		mt_ctl_stop(ctl);
		goto out;
	}
	if (ctl && mt_ctl_start(ctl) < 0) {
		mt_ctl_stop(ctl);
		ctl = NULL;
	}
	if (kfe_bridge_run(d.br) < 0)
		status = mt_fail("%s", kfe_bridge_errmsg(d.br));
	mt_ctl_stop(ctl);
	if (!status && (cli->check_counts || opts->debug) &&
	    !mt_report_counts(d.br))
		status = 3;
out:
	kfe_bridge_free(d.br);
	free(real);
	return status;
}

static int mt_cmdline(int argc, char **argv, struct mt_cli *cli,
		      struct fuse_args *args, struct kfe_bridge_opts *opts,
		      char **mnt)
{
	int ret;

	if (mt_parse_ours(&argc, &argv, cli))
		return 2;
	*args = (struct fuse_args)FUSE_ARGS_INIT(0, NULL);
	for (int i = 0; i < argc; i++)
		fuse_opt_add_arg(args, argv[i]);
	if (mt_take_opts(args, cli))
		return 2;
	kfe_bridge_opts_init(opts);
	ret = kfe_bridge_parse_cmdline(args, opts, mnt);
	if (ret == KFE_CMDLINE_HELP) {
		mt_usage();
		return 0;
	}
	if (ret == KFE_CMDLINE_VERSION) {
		printf("mock-tracefs %s (model of Linux 6.18 tracefs), libfuse %d.%d\n",
		       MOCK_TRACEFS_VERSION, fuse_version() / 100,
		       fuse_version() % 100);
		return 0;
	}
	if (ret < 0)
		return mt_fail("bad arguments (try --help)") + 1;
	if (mt_check_values(cli))
		return 2;
	return -1;	/* go on */
}

int main(int argc, char **argv)
{
	struct mt_cli cli = { .tracefs_opts = g_string_new(NULL) };
	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	struct kfe_bridge_opts opts;
	struct tfm_model *model = NULL;
	g_autofree char *mnt = NULL;
	int status;

	if (argc > 1 && !strcmp(argv[1], "remount"))
		return mt_remount_main(argc - 2, argv + 2);
	/*
	 * One malloc arena for all FUSE worker threads: the nodes and inodes
	 * a walk creates then share one heap instead of each thread growing
	 * its own (about 0.4 MB less resident after a walk of the default
	 * tree, with no measurable cost: kernfs-emu serialises most of
	 * those allocations anyway).
	 */
	mallopt(M_ARENA_MAX, 1);
	status = mt_cmdline(argc, argv, &cli, &args, &opts, &mnt);
	if (status >= 0)
		goto out;
	if (mt_build_model(&cli, &model) < 0) {
		status = 1;
		goto out;
	}
	status = mt_serve(&cli, &opts, &args, mnt, model);
	tfm_model_free(model);
out:
	fuse_opt_free_args(&args);
	g_string_free(cli.tracefs_opts, TRUE);
	g_free(cli.catalog);
	g_free(cli.cpus);
	g_free(cli.design);
	return status;
}

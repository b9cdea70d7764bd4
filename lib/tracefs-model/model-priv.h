/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * model-priv.h - what the files of the tracefs model share.
 *
 * Locking: one mutex per model (m->lock) guards every piece of trace
 * array state below (flags, event states, pid lists, error logs, the
 * instance list).  kernfs calls are never made with it held, except node
 * creation while an instance is built (creation takes no provider lock).
 */
#ifndef TFM_MODEL_PRIV_H
#define TFM_MODEL_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include <kernfs-emu/kernfs.h>
#include "tracefs-model/model.h"
#include "catalog.h"
#include "filter.h"
#include "mountopt.h"
#include "trigger.h"

#define TFM_MAX_CPUS		64
#define TFM_ERRLOG_MAX		8

struct tfm_trace_array;
struct tfm_ring;

/*
 * struct tfm_tref - what a non-eventfs file of a trace array points to:
 * the trace array and, for per_cpu/cpuN/ files, the CPU (-1 otherwise).
 */
struct tfm_tref {
	struct tfm_trace_array *ta;
	int cpu;
};

/* One core option or tracer option (options/<name>, trace_options). */
struct tfm_optdef {
	const char *name;	/* static or owned by the model */
	bool def_top;		/* default at the top level */
	bool def_inst;		/* default in instances */
	const char *tracer;	/* NULL: core flag; else the tracer it belongs to */
};

/* The option tables of a model (from the capture). */
struct tfm_options_table {
	struct tfm_optdef *defs;
	size_t nr;
};

/* Event file flags, as the kernel's EVENT_FILE_FL_*. */
#define TFM_EVF_ENABLED		(1u << 0)
#define TFM_EVF_SOFT_MODE	(1u << 1)
#define TFM_EVF_SOFT_DISABLED	(1u << 2)
#define TFM_EVF_TRIGGER_MODE	(1u << 3)

/* One trigger of an event. */
struct tfm_trig {
	struct tfm_trigger_cmd cmd;
	struct tfm_filter *filter;
	const struct tfm_event *target;	/* enable_event/disable_event */
};

/*
 * struct tfm_evstate - per-instance state of one event; exists only while
 * it differs from the default.
 * @show:	what `filter` reads ("<filter>\n" or error text), NULL: "none\n"
 * @triggers:	struct tfm_trig *, newest first
 */
struct tfm_evstate {
	unsigned int flags;
	int sm_ref;
	int tm_ref;
	struct tfm_filter *filter;
	char *show;
	GList *triggers;
};

/* One error_log record. */
struct tfm_errlog_entry {
	uint64_t ts_ns;
	char *text;		/* everything after "[ts] " */
};

/*
 * struct tfm_trace_array - the top level or one instance.
 */
struct tfm_trace_array {
	struct tfm_model *m;
	char *name;			/* NULL for the top level */
	struct kernfs_node *dir;	/* the root node or instances/<name> */
	struct kernfs_node *events;	/* events/ */
	struct tfm_tref all;		/* { this, -1 } */
	struct tfm_tref *cpus;		/* m->nr_cpus of { this, N } */
	int refs;			/* open files holding a reference */
	bool removing;
	/* control state */
	uint64_t opts;			/* bit i = m->options.defs[i] */
	unsigned int tracer;		/* index in the tracer list */
	unsigned int buffer_percent;
	uint64_t cpumask;
	unsigned long tracing_thresh;
	unsigned int subbuf_kb;
	/* events */
	GHashTable *evstate;		/* event -> struct tfm_evstate * */
	GHashTable *sysshow;		/* system -> char * (failed system filter) */
	GPtrArray *mod_cmds;		/* char * lines of pending :mod: commands */
	GArray *pids;			/* sorted unique unsigned int, or NULL */
	GArray *notrace_pids;
	GQueue errlog;			/* struct tfm_errlog_entry * */
	struct tfm_ring *ring;		/* the data path (datapath.c) */
	uint64_t pipe_claims;		/* CPUs with an open consuming reader */
	struct kernfs_node *pipe_kn;	/* trace_pipe */
	struct kernfs_node **cpu_pipe_kn;	/* per_cpu/cpuN/trace_pipe */
	/* dynamic events (dynev.c) */
	kuid_t ev_uid;			/* events/ default owner (nodes design) */
	kgid_t ev_gid;
	uint64_t built_seq;		/* dynamic seq when events/ was built */
	GPtrArray *sys_front;		/* systems listed first, or NULL */
	GHashTable *dyn_ever;		/* dynamic events ever enabled here */
};

struct tfm_model {
	struct kernfs_root *root;
	struct kernfs_node *root_kn;
	struct kernfs_node *instances_kn;
	const struct tfm_catalog *cat;
	struct tfm_catalog *own_cat;
	size_t catalog_bytes;
	unsigned int nr_cpus;
	enum tfm_design design;
	struct tfm_mount_opts mopts;
	GMutex lock;
	struct tfm_trace_array *global;
	GPtrArray *instances;		/* struct tfm_trace_array * */
	struct tfm_layout *top_layout;
	struct tfm_layout *inst_layout;
	struct tfm_options_table options;
	char **tracers;			/* top-level available_tracers */
	char **inst_tracers;		/* instances' available_tracers */
	unsigned int saved_cmdlines_size;
	gssize bytes;			/* model_bytes (atomic) */
	/* dynamic events (dynev.c); lists change under @lock */
	GMutex dyn_lock;		/* serialises definitions, mkdir, rmdir */
	GPtrArray *dyn_probes;		/* struct tfm_dynevent_probe *, creation order */
	GPtrArray *dyn_events;		/* struct tfm_dynev *, creation order */
	GPtrArray *dyn_groups;		/* struct tfm_dyngroup *, creation order */
	GHashTable *dyn_beyond;		/* probes beyond their file's end */
	uint64_t dyn_seq;		/* last creation sequence number */
	uint32_t static_max_id;		/* highest id of the catalog */
};

/* Marks a struct tfm_system or tfm_event that a dynamic event created. */
#define TFM_DYN_REG_INDEX	UINT32_MAX

/*
 * struct tfm_dyngroup - a group of dynamic events.  @sys is what eventfs
 * and the event files see; for a group that is also a static system
 * (`p:sched/x`), @static_sys is that system and @sys is not listed.
 */
struct tfm_dyngroup {
	struct tfm_system sys;
	const struct tfm_system *static_sys;
	char *name;
	uint64_t seq;
	unsigned int nr_events;
};

/*
 * struct tfm_dynev - one dynamic event (one or more probes).  @ev is what
 * the rest of the model sees (reg_index TFM_DYN_REG_INDEX).  Its strings
 * are g_malloc()ed and counted in the model's bytes; tfm_free() them.
 */
struct tfm_dynev {
	struct tfm_event ev;
	struct tfm_dyngroup *group;
	char *name;
	char *format;
	uint64_t seq;
	unsigned int nr_probes;
	struct tfm_field_set fset;
	char *strings;			/* the field names and types */
};

static inline bool tfm_ev_is_dynamic(const struct tfm_event *ev)
{
	return ev->reg_index == TFM_DYN_REG_INDEX;
}

static inline bool tfm_sys_is_dynamic(const struct tfm_system *sys)
{
	return sys->reg_index == TFM_DYN_REG_INDEX;
}

/* model.c */
void *tfm_zalloc(struct tfm_model *m, size_t size);
void tfm_free(struct tfm_model *m, void *p);
void tfm_lock(struct tfm_model *m);
void tfm_unlock(struct tfm_model *m);

/* tarray.c */
bool tfm_ta_row_used(const struct tfm_layout_row *row);
struct tfm_trace_array *tfm_ta_create(struct tfm_model *m,
				      struct kernfs_node *dir,
				      const char *name);
void tfm_ta_destroy(struct tfm_trace_array *ta);
int tfm_ta_get(struct tfm_trace_array *ta);
void tfm_ta_put(struct tfm_trace_array *ta);

/* fileops.c: the non-eventfs files */
const struct kernfs_ops *tfm_file_ops(const char *relpath, bool per_cpu,
				      bool option);
ssize_t tfm_read_text(const char *text, size_t len, char *buf, size_t n,
		      loff_t pos);
loff_t tfm_seq_llseek(struct kernfs_open_file *of, loff_t off, int whence);
int tfm_open_ref(struct kernfs_open_file *of);
void tfm_release_ref(struct kernfs_open_file *of);
bool tfm_open_for_write(const struct kernfs_open_file *of);
bool tfm_open_trunc(const struct kernfs_open_file *of);
struct tfm_tref *tfm_tref_of(const struct kernfs_open_file *of);

/* ctlfiles.c */
extern const struct kernfs_ops tfm_tracing_on_ops, tfm_current_tracer_ops,
	tfm_available_tracers_ops, tfm_trace_clock_ops, tfm_timestamp_mode_ops,
	tfm_buffer_percent_ops, tfm_subbuf_ops, tfm_cpumask_ops,
	tfm_tracing_thresh_ops, tfm_saved_cmdlines_size_ops,
	tfm_captured_ops, tfm_captured_ref_ops, tfm_empty_ops,
	tfm_empty_ref_ops;
const char *tfm_tracer_name(const struct tfm_trace_array *ta);

/* options.c */
int tfm_options_load(struct tfm_model *m);
void tfm_options_free(struct tfm_model *m);
uint64_t tfm_options_default(const struct tfm_model *m, bool top);
int tfm_option_index(const struct tfm_model *m, const char *name);
bool tfm_option_get(const struct tfm_trace_array *ta, const char *name);
extern const struct kernfs_ops tfm_option_file_ops, tfm_trace_options_ops;

/* errlog.c */
void tfm_errlog_add(struct tfm_trace_array *ta, const char *text);
void tfm_errlog_clear(struct tfm_trace_array *ta);
extern const struct kernfs_ops tfm_error_log_ops;

/* eventfs.c */
struct kernfs_node *tfm_events_create(struct tfm_trace_array *ta,
				      struct kernfs_node *parent);
void tfm_events_reown(struct tfm_trace_array *ta, const struct iattr *ia);
struct tfm_trace_array *tfm_events_ta(struct kernfs_node *kn, int depth);

/* evstate.c */
struct tfm_evstate *tfm_evstate_peek(struct tfm_trace_array *ta,
				     const struct tfm_event *ev);
struct tfm_evstate *tfm_evstate_get(struct tfm_trace_array *ta,
				    const struct tfm_event *ev);
void tfm_evstate_put(struct tfm_trace_array *ta, const struct tfm_event *ev);
void tfm_evstates_free(struct tfm_trace_array *ta);
unsigned int tfm_ev_flags(struct tfm_trace_array *ta,
			  const struct tfm_event *ev);
int tfm_ev_enable_disable(struct tfm_trace_array *ta,
			  const struct tfm_event *ev, bool enable, bool soft);
bool tfm_ev_can_enable(const struct tfm_event *ev);
int tfm_ev_set_clr(struct tfm_trace_array *ta, const char *match,
		   const char *sys, const char *event, bool enable);
void tfm_ev_clear_all(struct tfm_trace_array *ta);
void tfm_ev_enable_string(unsigned int flags, char *buf);
bool tfm_ta_any_event_enabled(struct tfm_trace_array *ta);

/* evfilter.c */
int tfm_ev_filter_write(struct tfm_trace_array *ta, const struct tfm_event *ev,
			const char *buf, size_t len);
int tfm_sys_filter_write(struct tfm_trace_array *ta,
			 const struct tfm_system *sys, const char *buf,
			 size_t len);
void tfm_ev_filter_show(struct tfm_trace_array *ta, const struct tfm_event *ev,
			GString *out);
void tfm_sys_filter_show(struct tfm_trace_array *ta,
			 const struct tfm_system *sys, GString *out);
void tfm_sys_filter_banner(GString *out);

/* evtrigger.c */
ssize_t tfm_ev_trigger_write(struct tfm_trace_array *ta,
			     const struct tfm_event *ev, const char *buf,
			     size_t len);
void tfm_ev_trigger_show(struct tfm_trace_array *ta,
			 const struct tfm_event *ev, GString *out);
void tfm_ev_triggers_free(struct tfm_trace_array *ta, struct tfm_evstate *st);

/* evfiles.c */
extern const struct kernfs_ops tfm_ev_enable_ops, tfm_ev_filter_ops,
	tfm_ev_trigger_ops, tfm_ev_format_ops, tfm_ev_id_ops,
	tfm_sys_enable_ops, tfm_sys_filter_ops, tfm_all_enable_ops,
	tfm_header_page_ops, tfm_header_event_ops, tfm_ev_stub_ops;

/* setevent-files.c */
extern const struct kernfs_ops tfm_set_event_ops, tfm_available_events_ops,
	tfm_set_event_pid_ops, tfm_set_event_notrace_pid_ops;

/* dynev.c */
int tfm_dyn_init(struct tfm_model *m);
void tfm_dyn_free(struct tfm_model *m);
const struct tfm_event *tfm_event_at(struct tfm_model *m, size_t i);
const struct tfm_event *tfm_sys_event_at(struct tfm_trace_array *ta,
					 const struct tfm_system *sys,
					 size_t i);
const struct tfm_system *tfm_ta_system_at(struct tfm_trace_array *ta,
					  size_t i);
const struct tfm_system *tfm_find_system(struct tfm_model *m,
					 const char *name);
const struct tfm_event *tfm_find_event(struct tfm_model *m,
				       const struct tfm_system *sys,
				       const char *name);
void tfm_dyn_ta_init(struct tfm_trace_array *ta);
void tfm_dyn_ta_fini(struct tfm_trace_array *ta);
void tfm_dyn_enabled(struct tfm_trace_array *ta, const struct tfm_event *ev);
bool tfm_dyn_cannot_enable(struct tfm_model *m, const struct tfm_event *ev);
ssize_t tfm_dyn_write(struct tfm_model *m, const char *buf, size_t len,
		      bool dynamic_events);
struct tfm_dyngroup *tfm_dyn_find_group(struct tfm_model *m, const char *name);
void tfm_dyn_dev_free(struct tfm_model *m, struct tfm_dynev *dev);
void tfm_dyn_group_free(struct tfm_model *m, struct tfm_dyngroup *g);
void tfm_evstate_drop(struct tfm_trace_array *ta, const struct tfm_event *ev);
int tfm_dyn_remove_all(struct tfm_model *m);
void tfm_dyn_show(struct tfm_model *m, GString *out, bool profile);
extern const struct kernfs_ops tfm_uprobe_events_ops, tfm_dynamic_events_ops,
	tfm_uprobe_profile_ops;
int tfm_events_add_dyn(struct tfm_trace_array *ta,
		       const struct tfm_dynev *dev, bool new_group);

/* Iterate over every event of model @m in available_events order
 * (dynamic events newest first, then the catalog's); lock held. */
#define tfm_for_each_event(m, i, ev)					\
	for ((i) = 0; ((ev) = tfm_event_at((m), (i))); (i)++)

/* Iterate over the events of @sys in @ta's readdir order; lock held. */
#define tfm_for_each_sys_event(ta, sys, i, ev)				\
	for ((i) = 0; ((ev) = tfm_sys_event_at((ta), (sys), (i))); (i)++)

/* datapath.c */
int tfm_data_create(struct tfm_trace_array *ta);
void tfm_data_destroy(struct tfm_trace_array *ta);
void tfm_data_shutdown(struct tfm_trace_array *ta);
void tfm_update_buffers(struct tfm_model *m);
void tfm_data_sync_opts(struct tfm_trace_array *ta);
void tfm_data_node_created(struct tfm_trace_array *ta, struct kernfs_node *kn,
			   int cpu);
extern const struct kernfs_ops tfm_trace_ops, tfm_cpu_trace_ops,
	tfm_trace_pipe_ops, tfm_cpu_trace_pipe_ops, tfm_trace_marker_ops,
	tfm_trace_marker_raw_ops, tfm_buffer_size_ops, tfm_cpu_buffer_size_ops,
	tfm_buffer_total_ops, tfm_free_buffer_ops, tfm_cpu_stats_ops,
	tfm_trace_pipe_raw_ops;

#endif /* TFM_MODEL_PRIV_H */

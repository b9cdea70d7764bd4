/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * catalog.h - the static trace events of a kernel, loaded from a catalog
 * file (doc/catalog-format.md), and the embedded Linux 6.18 capture.
 *
 * A catalog is immutable once loaded and may be read from any thread.
 * Private to tracefs-model; not installed.
 */
#ifndef TFM_CATALOG_H
#define TFM_CATALOG_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "field.h"

/* The files an eventfs system or event directory holds (catalog files=). */
enum tfm_event_file {
	TFM_EF_ENABLE		= 1u << 0,
	TFM_EF_FILTER		= 1u << 1,
	TFM_EF_TRIGGER		= 1u << 2,
	TFM_EF_FORMAT		= 1u << 3,
	TFM_EF_ID		= 1u << 4,
	TFM_EF_HIST		= 1u << 5,
	TFM_EF_HIST_DEBUG	= 1u << 6,
	TFM_EF_INJECT		= 1u << 7,
};

#define TFM_EF_SYSTEM_MASK	(TFM_EF_ENABLE | TFM_EF_FILTER)

/* Error domain of the loaders; the code is a positive errno value. */
#define TFM_CATALOG_ERROR	(tfm_catalog_error_quark())
GQuark tfm_catalog_error_quark(void);

struct tfm_system;

/*
 * struct tfm_event - one event directory, events/<system>/<name>/.
 * @name:	event name (NUL-terminated)
 * @system:	the system it belongs to
 * @format:	the `format` file, verbatim; NOT NUL-terminated: use
 *		@format_len. Points into the catalog's bytes.
 * @format_len:	length of @format in bytes (newline included)
 * @id:		event type number, from the format's "ID:" line (equal to
 *		the catalog's id= when the event has an `id` file)
 * @files:	enum tfm_event_file bits: the files of the directory
 * @reg_index:	position in registration order (tfm_catalog.order)
 *
 * The parsed fields are reached with tfm_event_fields().
 */
struct tfm_event {
	const char *name;
	const struct tfm_system *system;
	const char *format;
	uint32_t format_len;
	uint32_t id;
	uint32_t files;
	uint32_t reg_index;
	gsize fields_once;	/* private: lazily parsed fields */
};

/*
 * struct tfm_system - one system directory, events/<name>/.
 * @name:	system name
 * @files:	TFM_EF_ENABLE | TFM_EF_FILTER, or 0 (ftrace)
 * @events:	its @nr_events events in registration order, which is the
 *		readdir order of the system directory
 * @reg_index:	position in tfm_catalog.sys_order
 */
struct tfm_system {
	const char *name;
	uint32_t files;
	uint32_t reg_index;
	const struct tfm_event **events;
	size_t nr_events;
	const struct tfm_event **by_name;	/* private: the events by name */
};

/*
 * struct tfm_catalog - all static events.
 * @name:	name used in error messages (file name or "<default>")
 * @systems:	@nr_systems systems in catalog (file) order
 * @events:	@nr_events events in catalog (file) order
 * @order:	the @nr_events events in registration order: the order of
 *		the kernel's event list, used for available_events (events
 *		with TFM_EF_ENABLE only) and for building events/ directories
 * @sys_order:	the systems in events/ readdir order: order of first
 *		appearance in @order
 */
struct tfm_catalog {
	char *name;
	const struct tfm_system *systems;
	size_t nr_systems;
	const struct tfm_event *events;
	size_t nr_events;
	const struct tfm_event **order;
	const struct tfm_system **sys_order;
	/* private */
	GBytes *bytes;
	const char *mapped;	/* the read-only file mapping that holds the
				 * text (tfm_catalog_release_text()), or NULL */
	size_t mapped_len;
	GStringChunk *strings;
	const struct tfm_event **sys_events;
	const struct tfm_event **sys_sorted;	/* the systems' by_name */
	GHashTable *sys_by_name;
};

int tfm_catalog_load_file(const char *path, struct tfm_catalog **out,
			  GError **error);
int tfm_catalog_load_data(const char *text, size_t len, const char *name,
			  struct tfm_catalog **out, GError **error);
int tfm_catalog_load_bytes(GBytes *bytes, const char *name,
			   struct tfm_catalog **out, GError **error);
int tfm_catalog_load_default(struct tfm_catalog **out);
void tfm_catalog_free(struct tfm_catalog *cat);
void tfm_catalog_release_text(const struct tfm_catalog *cat);
void tfm_catalog_set_order(struct tfm_catalog *cat,
			   const struct tfm_event *const *listed, size_t nr);
/* catalog-index.c, for the loader: the order and by-name arrays */
void tfm_catalog_apply_order(struct tfm_catalog *cat, const guint *listed,
			     size_t nr);
void tfm_catalog_sort_names(struct tfm_catalog *cat, struct tfm_system *sys);

const struct tfm_system *tfm_catalog_find_system(const struct tfm_catalog *cat,
						 const char *system);
const struct tfm_event *tfm_catalog_find_event(const struct tfm_catalog *cat,
					       const char *system,
					       const char *event);
const struct tfm_event *tfm_system_find_event(const struct tfm_system *sys,
					      const char *event);
const struct tfm_field_set *tfm_event_fields(const struct tfm_event *ev);
size_t tfm_catalog_nr_enableable(const struct tfm_catalog *cat);

/* Iterate over the events of @cat in registration order. */
#define tfm_catalog_for_each_event(cat, i, ev)				\
	for ((i) = 0; (i) < (cat)->nr_events &&				\
	     ((ev) = (cat)->order[(i)], 1); (i)++)

/* Iterate over the systems of @cat in events/ readdir order. */
#define tfm_catalog_for_each_system(cat, i, sys)			\
	for ((i) = 0; (i) < (cat)->nr_systems &&			\
	     ((sys) = (cat)->sys_order[(i)], 1); (i)++)

/* Iterate over the events of @sys in readdir order. */
#define tfm_system_for_each_event(sys, i, ev)				\
	for ((i) = 0; (i) < (sys)->nr_events &&				\
	     ((ev) = (sys)->events[(i)], 1); (i)++)

/* format.c: format text -> fields */
int tfm_format_parse_fields(const char *format_text, size_t len,
			    struct tfm_field **fields, size_t *nr);
int tfm_format_check(const char *format_text, size_t len, size_t *bad_line);
enum tfm_field_kind tfm_field_kind_of_type(const char *type);

/* format.c: the embedded capture */
#define TFM_CAPTURE_PREFIX "/org/kernfs-emu/tracefs-model/linux-6.18/"

GBytes *tfm_capture_lookup(const char *relpath);
void tfm_capture_release(GBytes *bytes);

/*
 * struct tfm_layout_row - one line of a layout.tsv file.
 * @path:	path relative to the root, "." for the root itself
 * @type:	'd', 'f' or 'l'
 * @mode:	permission bits (07777 at most)
 * @uid, @gid:	owner
 */
struct tfm_layout_row {
	const char *path;
	char type;
	unsigned int mode;
	unsigned int uid;
	unsigned int gid;
};

/* struct tfm_layout - the rows of a layout.tsv, in file order. */
struct tfm_layout {
	struct tfm_layout_row *rows;
	size_t nr;
	char *text;	/* private: the rows' strings */
};

int tfm_layout_parse(const char *text, size_t len, const char *name,
		     struct tfm_layout **out, GError **error);
int tfm_layout_load_capture(const char *relpath, struct tfm_layout **out);
void tfm_layout_filter(struct tfm_layout *layout,
		       bool (*keep)(const struct tfm_layout_row *row));
void tfm_layout_free(struct tfm_layout *layout);

#endif /* TFM_CATALOG_H */

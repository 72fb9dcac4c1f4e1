/* The registry file backend's model of a .reg file (private to the
 * regfile-*.c files and registry-file.c; tests, and bench_parse measuring
 * the reader and the parser alone, use it too). Every physical line is kept as
 * the bytes it was read as, so that a write reproduces everything it does
 * not change byte for byte; keys and values are parsed from those lines. */
#ifndef CCMWRAP_REGFILE_H
#define CCMWRAP_REGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/hashindex.h"
#include "config/base/text.h"
#include "checks/registry/regfile-format.h"
#include "checks/registry/registry.h"

/* A document numbers its keys and lines in 32 bits (a million-key export
 * holds millions of such numbers); this one is none of them. */
#define REGFILE_NONE ((size_t)UINT32_MAX)
/* A physical line longer than this is an error, so that a huge file
 * without line breaks fails fast instead of filling memory. */
#define REGFILE_MAX_LINE_BYTES (1024u * 1024u)
/* A value continued over many lines ("\" at the end) may grow to this. */
#define REGFILE_MAX_VALUE_BYTES (16u * 1024u * 1024u)
/* Windows allows 512 levels of keys below a root. */
#define REGFILE_MAX_DEPTH 512

/* ---- physical lines of a file in any .reg encoding (regfile-read.c) */

/* What tells one version of a file from another: writers replace it (temp
 * file + rename), which gives it a new inode; a change in place changes
 * its size or its time. */
typedef struct regfile_stamp {
	uint64_t device;
	uint64_t inode;
	uint64_t size;
	int64_t modified_sec;
	int64_t modified_nsec;
} regfile_stamp;

bool regfile_stamp_of(const char *path, regfile_stamp *stamp, error_message *err);
bool regfile_stamp_equal(const regfile_stamp *a, const regfile_stamp *b);

typedef struct regfile_reader {
	const char *path;
	int file;
	regfile_stamp stamp;    /* of the file opened */
	regfile_encoding encoding;
	unsigned char bom[3];
	size_t bom_size;
	unsigned char *chunk;
	size_t chunk_used;
	size_t chunk_position;
	uint64_t chunk_offset;  /* where chunk[0] is in the file */
	bool end_of_file;
	size_t line_number;     /* of the line last returned */
	uint64_t line_offset;   /* where that line starts in the file */
	strbuf raw;             /* that line's bytes, line break (CR LF, LF or CR) included */
	strbuf text;            /* that line as UTF-8, without terminator */
	bool terminated;        /* it ended with a line break */
} regfile_reader;

bool regfile_reader_open(regfile_reader *reader, const char *path, error_message *err);
/* Reads the next physical line into reader->raw / reader->text; *have_line
 * is false at the end of the file. */
bool regfile_reader_next(regfile_reader *reader, bool *have_line, error_message *err);
void regfile_reader_close(regfile_reader *reader);

/* Lines read back from their file by where they are in it: a document
 * keeps no copy of the file's text, and a write streams it from the file
 * again. */
typedef struct regfile_source {
	const char *path;
	int file;
	unsigned char *window;
	size_t used;
	size_t capacity;
	uint64_t start;         /* where window[0] is in the file */
} regfile_source;

/* Fails when path is no longer the file stamp describes: another program
 * replaced or changed it since it was read. */
bool regfile_source_open(regfile_source *source, const char *path, const regfile_stamp *stamp,
                         error_message *err);
/* The size bytes at offset, valid until the next call. */
bool regfile_source_read(regfile_source *source, uint64_t offset, size_t size,
                         const unsigned char **raw, error_message *err);
void regfile_source_close(regfile_source *source);

/* ---- line syntax as regedit reads it (regfile-parse.c); messages carry
 * no file:line */

typedef enum regfile_parse_result {
	REGFILE_PARSE_DONE,        /* the entry is complete */
	REGFILE_PARSE_CONTINUES,   /* its hex data goes on on the next line */
	REGFILE_PARSE_SKIPPED,     /* regedit skips the line (why says why) */
	REGFILE_PARSE_REFUSED,     /* regedit stops importing at the line (why says why) */
} regfile_parse_result;

typedef enum regfile_entry_kind {
	REGFILE_ENTRY_NOTHING,       /* a blank line or a comment */
	REGFILE_ENTRY_KEY,           /* [KEY]; when skipped, no key is open after it */
	REGFILE_ENTRY_DELETE_KEY,    /* [-KEY]; no key is open after it */
	REGFILE_ENTRY_VALUE,         /* "name"=data or @=data */
	REGFILE_ENTRY_DELETE_VALUE,  /* "name"=- */
} regfile_entry_kind;

typedef struct regfile_entry {
	regfile_entry_kind kind;
	char *path;              /* KEY, DELETE_KEY: normalised */
	registry_value value;    /* VALUE: name, type and (once finished) data; DELETE_VALUE: name */
	strbuf hex;              /* VALUE: hex data read so far */
	char *note;              /* what regedit warns about but imports (an unknown escape); NULL */
} regfile_entry;

/* One line (not the header); a skipped line that does not close the key
 * open before it leaves entry->kind NOTHING. */
regfile_parse_result regfile_parse_line(const char *text, regfile_entry *entry,
                                        error_message *why);
/* The next line of hex data continued with "\" (a line that is neither
 * blank nor a comment, which regedit passes over); a line that is not hex
 * data is skipped, and regedit drops the value with it. */
regfile_parse_result regfile_parse_continuation(const char *text, regfile_entry *entry,
                                                error_message *why);
/* Completes a value whose data is read: string types given as hex end
 * with a NUL, and a REGEDIT4 file read as ANSI holds them as ANSI bytes,
 * widened to UTF-16LE as Windows stores them. */
void regfile_entry_finish_value(regfile_entry *entry, bool ansi_strings);
void regfile_entry_free(regfile_entry *entry);

/* ---- the document (regfile-document.c) */

/* A physical line: 8 bytes, as a million-key export has millions. Where
 * it starts in the file follows from the lines before it (each size holds
 * the line break), so the document keeps the start of every
 * REGFILE_LINE_MARK-th line only (regfile_document_line_offset). */
typedef struct regfile_line {
	uint32_t size;              /* at most REGFILE_MAX_LINE_BYTES and its line break */
	uint32_t key;               /* the key of a [header] or ";sddl=" line, else NO_KEY */
} regfile_line;

#define REGFILE_LINE_MARK 16u

#define REGFILE_LINE_NO_KEY UINT32_MAX
/* Keys a document can hold (one header creates at most REGFILE_MAX_DEPTH
 * keys above the limit), and its lines. */
#define REGFILE_MAX_KEYS (UINT32_MAX / 2u)
#define REGFILE_MAX_LINES (UINT32_MAX - 1u)

/* Where a value's text is in the file: its first line and its last
 * continuation line. */
typedef struct regfile_value_lines {
	uint32_t first;             /* REGFILE_NONE: set by ccmwrap, not in the file */
	uint32_t last;
	bool changed;               /* written anew instead of the file's lines */
} regfile_value_lines;

typedef struct regfile_value {
	registry_value value;       /* name and data in the document's blocks */
	regfile_value_lines lines;
	bool removed;               /* by a later "name"=-: never found nor listed, and kept in
	                               its place (moving the later values up would make a file
	                               that removes many values of a key quadratic) */
} regfile_value;

typedef struct regfile_key {
	const char *name;           /* its own name, the leaf of its normalised path, spelled as
	                               first written; a root's is the root's short name */
	char *file_sddl;            /* as the file has it, NULL when none */
	char *sddl;                 /* current; == file_sddl while unchanged */
	regfile_value *values;      /* in the document's record blocks, removed ones included */
	uint32_t value_count;
	uint32_t value_capacity;
	/* Keys and lines by number; REGFILE_NONE for none. */
	uint32_t parent;
	uint32_t first_child;
	uint32_t last_child;
	uint32_t next_sibling;
	uint32_t key_line;          /* REGFILE_NONE: only implied by a subkey's header */
	uint32_t anchor_line;       /* implied key: header line of the subkey that implied it;
	                               REGFILE_NONE when ccmwrap created the key */
	uint32_t sddl_line;         /* REGFILE_NONE: no ";sddl=" line under the header */
	uint32_t section_end_line;  /* last header, ";sddl=" or value line of its last section */
	bool deleted;               /* by a later [-KEY]: no longer found nor listed; its lines
	                               stay, and it stays among its parent's subkeys */
} regfile_key;

/* Names stored last, by a hash of their bytes: the ones a document
 * shares (regfile-document.c store_name). */
#define REGFILE_RECENT_NAMES 256u

typedef struct regfile_block {
	struct regfile_block *next;
	size_t used;
	size_t capacity;
	unsigned char bytes[];
} regfile_block;

typedef struct regfile_document {
	char *path;
	regfile_encoding encoding;
	unsigned char bom[3];
	size_t bom_size;
	char newline[3];            /* for lines ccmwrap adds: the file's first line break */
	regfile_stamp stamp;        /* of the file the lines are in */
	bool source_replaced;       /* a write replaced that file: the lines are gone with it */
	regfile_block *blocks;      /* key paths, descriptors and values, never moved once stored */
	regfile_block *records;     /* the keys' value arrays */
	char *recent_names[REGFILE_RECENT_NAMES]; /* names in blocks, shared by the keys and
	                                             values that have them */
	regfile_line *lines;
	uint64_t *line_marks;       /* where lines[REGFILE_LINE_MARK * i] starts in the file */
	size_t line_count;
	size_t line_capacity;
	regfile_key *keys;
	size_t key_count;
	size_t key_capacity;
	hashindex key_index;
	hashindex value_index;
	hashindex descriptor_index; /* each descriptor text of the file, by a key that has it */
	strlist warnings;           /* "FILE:LINE: ..." for what regedit skips or warns about */
	strlist skipped;            /* "FILE:LINE" of each line skipped */
	bool changed;               /* since the last write */
} regfile_document;

/* Reads and parses a whole file as regedit imports it: deletions applied
 * in file order, a line regedit skips skipped with a warning; errors
 * (what regedit refuses, bad encodings, descriptor lines ccmwrap cannot
 * trust) read "FILE:LINE: what; expected". */
bool regfile_document_load(regfile_document *doc, const char *path, error_message *err);
void regfile_document_free(regfile_document *doc);
/* The key with this normalised path, or REGFILE_NONE. */
size_t regfile_document_find(const regfile_document *doc, const char *path);
/* The same, trying first the keys a depth-first walk visits after near
 * (its first subkey, the next sibling of it or of a key a few levels
 * above it) before the index: a walk's next key is one of them. */
size_t regfile_document_find_near(const regfile_document *doc, const char *path, size_t near);
/* Where line starts in the file the document was read from. */
uint64_t regfile_document_line_offset(const regfile_document *doc, size_t line);
/* The key's normalised path, its names as first written (caller frees). */
char *regfile_document_path(const regfile_document *doc, size_t key);
/* The position of key's value of that name (case-insensitive) in
 * keys[key].values, or REGFILE_NONE. */
size_t regfile_document_find_value(const regfile_document *doc, size_t key, const char *name);
/* Sets or (sddl NULL) removes the descriptor kept for a key. */
void regfile_document_set_sddl(regfile_document *doc, size_t key, const char *sddl);
/* Creates or replaces a value (a copy), creating the key and its missing
 * parents; a key that did not exist gets key_line REGFILE_NONE and
 * anchor_line REGFILE_NONE (a section at the end of the file). */
void regfile_document_set_value(regfile_document *doc, const char *path,
                                const registry_value *value);

/* Writes the document to its file atomically (regfile-write.c), the
 * unchanged lines streamed from the file read; that file is then gone, and
 * a document written once is read again before it is written again. */
bool regfile_document_write(regfile_document *doc, error_message *err);

#endif

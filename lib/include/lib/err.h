/* Error codes: every fallible kernel function returns one. */
#ifndef LIB_ERR_H
#define LIB_ERR_H

enum err {
	ERR_OK = 0,
	ERR_INVAL, /* malformed argument or input */
	ERR_NOMEM, /* an allocator or reserve cannot satisfy the request */
	ERR_OVERLAP, /* a range overlaps one already present */
	ERR_NOTFOUND, /* no object at that key */
	ERR_RANGE, /* value outside what the interface accepts */
	ERR_TRUNC, /* input ended early */
	ERR_ORDER, /* input entries out of order */
	ERR_FULL, /* a fixed-capacity table is full */
	ERR_BUSY, /* the object is in use and cannot change now */
	ERR_PENDING, /* asked someone else (the space bank); the outcome comes later */
	ERR_COUNT
};

/* Short lower-case name of an error, for console messages. */
const char *err_name(enum err e);

#endif

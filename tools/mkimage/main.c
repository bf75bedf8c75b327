/* mkimage DESCRIPTION -o IMAGE [--arch A] [--root DIR]
 * mkimage --dump IMAGE [--arch A] */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mkimage.h"

static void usage(void)
{
	fprintf(stderr, "usage: mkimage DESCRIPTION -o IMAGE [--arch i386|coldfire] [--root DIR]\n"
			"       mkimage --dump IMAGE [--arch i386|coldfire]\n"
			"Relative file names in DESCRIPTION are taken from DIR, by default the\n"
			"description's own directory.\n");
	exit(2);
}

unsigned char *mk_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			unsigned char *grown = realloc(buf, cap = cap ? 2 * cap : 65536);

			if (!grown) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = grown;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int parse_arch(const char *s)
{
	if (!strcmp(s, "i386"))
		return IMAGE_ARCH_I386;
	if (!strcmp(s, "coldfire"))
		return IMAGE_ARCH_COLDFIRE;
	fprintf(stderr, "mkimage: unknown arch '%s' (i386 or coldfire)\n", s);
	exit(2);
}

static int do_dump(const char *path, int arch)
{
	size_t len;
	unsigned char *img = mk_read_file(path, &len);
	int rc;

	if (!img) {
		fprintf(stderr, "mkimage: cannot read %s: %s\n", path, strerror(errno));
		return 1;
	}
	rc = mk_dump(stdout, path, img, len, arch);
	free(img);
	return rc ? 1 : 0;
}

static int do_build(const char *desc_path, const char *out_path, int arch, const char *root)
{
	struct mk_desc d;
	unsigned char *img = NULL;
	size_t len = 0;
	char dir[4096];
	const char *slash = strrchr(desc_path, '/');
	FILE *f;
	int rc = 1;

	if (!root) {
		snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - desc_path) : 1,
			 slash ? desc_path : ".");
		root = dir;
	}
	if (mk_desc_parse(desc_path, &d))
		goto out;
	if (arch && d.arch && arch != d.arch) {
		mk_error(&d.arch_loc, "the description is for %s but --arch says %s",
			 image_arch_name((unsigned)d.arch), image_arch_name((unsigned)arch));
		goto out;
	}
	if (!arch && !d.arch) {
		fprintf(stderr, "%s: no arch: add 'arch i386' or 'arch coldfire', or pass --arch\n",
			desc_path);
		goto out;
	}
	mk_desc_select(&d, arch ? arch : d.arch);
	if (mk_build(&d, arch ? arch : d.arch, root, &img, &len))
		goto out;
	f = fopen(out_path, "wb");
	if (!f || fwrite(img, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "mkimage: cannot write %s: %s\n", out_path, strerror(errno));
		remove(out_path);
		goto out;
	}
	rc = 0;
out:
	free(img);
	mk_desc_free(&d);
	return rc;
}

int main(int argc, char **argv)
{
	const char *input = NULL, *output = NULL, *root = NULL;
	int arch = 0, dump = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--dump"))
			dump = 1;
		else if (!strcmp(a, "-o") && i + 1 < argc)
			output = argv[++i];
		else if (!strcmp(a, "--arch") && i + 1 < argc)
			arch = parse_arch(argv[++i]);
		else if (!strcmp(a, "--root") && i + 1 < argc)
			root = argv[++i];
		else if (a[0] == '-' || input)
			usage();
		else
			input = a;
	}
	if (!input || (dump ? output != NULL : output == NULL))
		usage();
	return dump ? do_dump(input, arch) : do_build(input, output, arch, root);
}

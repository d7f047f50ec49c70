#include <stdbool.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

void
json_put_string(FILE *fp, const char *s)
{
	bool utf8 = utf8_valid(s, strlen(s));

	fputc('"', fp);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x80 && !utf8)
			fprintf(fp, "\\u%04x", ch);
		else if (ch == '"' || ch == '\\')
			fprintf(fp, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", fp);
		else if (ch == '\t')
			fputs("\\t", fp);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(fp, "\\u%04x", ch);
		else
			fputc(ch, fp);
	}
	fputc('"', fp);
}

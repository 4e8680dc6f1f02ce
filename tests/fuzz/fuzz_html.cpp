// HTML from a message, arbitrary: reduced to text, and its remote resources listed.
#include "FuzzCheck.h"

#include "mime/Render.h"

#include <cstddef>
#include <cstdint>

using namespace tern::mime;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString html = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString text = htmlToText(html);
    FUZZ_CHECK(text.endsWith(QLatin1Char('\n')));
    const QStringList remote = remoteResources(html);
    FUZZ_CHECK(remote.size() <= 1000);
    for (const QString &url : remote)
        FUZZ_CHECK(!url.isEmpty() && url.size() <= 2000);
    // What the viewer shows of it is escaped: nothing invisible is left.
    const QString shown = escapeInvisible(text);
    FUZZ_CHECK(escapeInvisible(shown) == shown);
    return 0;
}

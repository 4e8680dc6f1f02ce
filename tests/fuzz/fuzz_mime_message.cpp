// A whole message, as `tern render --json` takes it: parsed into the part tree,
// rendered (preferring plain text or not), turned into JSON, and the raw bytes
// of its first parts looked up as a signature check would.
#include "FuzzCheck.h"

#include "mime/MimeTree.h"
#include "mime/Render.h"

#include <QJsonDocument>
#include <cstddef>
#include <cstdint>

using namespace tern::mime;

namespace {

void sections(const MimePart &p, QList<QByteArray> &out)
{
    if (!p.section.isEmpty())
        out.append(p.section);
    for (const MimePart &c : p.children)
        sections(c, out);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray raw(reinterpret_cast<const char *>(data), qsizetype(size));
    auto parsed = parseMessage(raw);
    if (!parsed)
        return 0;
    const ParsedMessage &message = parsed.value();
    FUZZ_CHECK(message.root.count() >= 1);
    // One rendering per input (the cost of two halves the fuzzer's pace): the reader's
    // preference for plain text in multipart/alternative is whether its length is odd.
    RenderOptions options;
    options.preferPlain = size % 2 == 1;
    const Rendered r = render(message, options);
    const QByteArray json = QJsonDocument(toJson(r)).toJson(QJsonDocument::Compact);
    FUZZ_CHECK(!json.isEmpty());
    // Nothing remote may survive into the viewer's document unlisted: the CSP leads it.
    FUZZ_CHECK(r.html.startsWith(QLatin1String("<meta http-equiv=\"Content-Security-Policy\"")));
    for (const QByteArray &s : sectionsToRender(message.root, options.preferPlain))
        FUZZ_CHECK(message.root.find(s) != nullptr);
    QList<QByteArray> all;
    sections(message.root, all);
    for (qsizetype i = 0; i < all.size() && i < 8; ++i)
        (void)rawPart(raw, all.at(i));
    return 0;
}

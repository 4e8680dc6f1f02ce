// Bytes from an IMAP server, arbitrary: through the response parser as a
// connection feeds it (in two chunks, literals counted), and every FETCH
// BODYSTRUCTURE (or BODY) it yields into the part tree, whose "what is still to
// fetch" query is asked. The same bytes again the way the sync keeps
// BODYSTRUCTURE (its text, not a token tree), and that text read back.
#include "FuzzCheck.h"

#include "imap/ImapResponse.h"
#include "mime/MimeTree.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>

using namespace tern;
using imap::Token;

namespace {

qsizetype tokens(const QList<Token> &list)
{
    qsizetype n = list.size();
    for (const Token &t : list)
        n += tokens(t.items);
    return n;
}

// `roundTrip`: what toImap() writes reads back into the same text. Not asked of a
// tree read with rawBodyStructure, whose lists may hold server text verbatim (a
// nested "BODYSTRUCTURE (…)" kept as an atom, spaces and all).
void tree(const Token &bodystructure, bool roundTrip)
{
    auto part = mime::fromBodyStructure(bodystructure);
    if (!part)
        return;
    const mime::MimePart &root = part.value();
    FUZZ_CHECK(root.count() >= 1);
    for (bool preferPlain : {false, true})
        for (const QByteArray &s : mime::sectionsToRender(root, preferPlain))
            FUZZ_CHECK(root.find(s) != nullptr);
    if (!roundTrip)
        return;
    // What the sync writes is what it reads back, unchanged.
    const QByteArray text = bodystructure.toImap();
    auto again = imap::ResponseParser::parse("* 1 FETCH (BODYSTRUCTURE " + text + ")", {}, {});
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(!again.value().tokens.isEmpty() && again.value().tokens.first().items.size() >= 2);
    const QByteArray textAgain = again.value().tokens.first().items.at(1).toImap();
    if (textAgain != text)
        std::fprintf(stderr, "written: %s\nread back and written: %s\n", text.constData(), textAgain.constData());
    FUZZ_CHECK(textAgain == text);
}

void responses(const QByteArray &bytes, bool rawBodyStructure)
{
    imap::ResponseParser::Limits limits;
    limits.maxLine = 256 * 1024;
    limits.maxLiteral = 1024 * 1024;
    limits.rawBodyStructure = rawBodyStructure;
    imap::ResponseParser parser(limits);
    const qsizetype half = bytes.size() / 2;
    parser.feed(bytes.left(half));
    bool fedAll = false;
    for (int n = 0; n < 1000; ++n) {
        auto r = parser.next();
        if (!r)
            return;   // the connection would be dropped
        if (!r.value()) {
            if (fedAll)
                return;
            parser.feed(bytes.mid(half));
            fedAll = true;
            continue;
        }
        const imap::Response &response = *r.value();
        (void)response.dump();
        // Every token is made of at least one byte the server sent: a parser that
        // makes more is inventing them, and memory with them.
        FUZZ_CHECK(tokens(response.tokens) <= bytes.size());
        if (!response.isStatus("FETCH") || response.tokens.isEmpty())
            continue;
        const QList<Token> &items = response.tokens.first().items;
        for (qsizetype i = 0; i + 1 < items.size(); i += 2) {
            if (!items.at(i).isAtom("BODYSTRUCTURE") && !items.at(i).isAtom("BODY"))
                continue;
            const Token &value = items.at(i + 1);
            if (value.kind == Token::Kind::Atom && value.text.startsWith('(')) {   // kept as text: read it back
                auto parsed = imap::ResponseParser::parse("* 1 FETCH (BODYSTRUCTURE " + value.text + ")", {}, {});
                if (parsed && !parsed.value().tokens.isEmpty() && parsed.value().tokens.first().items.size() >= 2)
                    tree(parsed.value().tokens.first().items.at(1), true);
            } else {
                tree(value, !rawBodyStructure);
            }
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    responses(bytes, false);
    responses(bytes, true);
    return 0;
}

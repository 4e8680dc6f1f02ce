#pragma once
// What a mailing list says about itself in a message's header: its identity
// (List-Id, RFC 2919) and its commands (List-Post, List-Unsubscribe,
// List-Archive, List-Help, List-Subscribe, List-Owner: RFC 2369), with
// one-click unsubscription (List-Unsubscribe-Post, RFC 8058).
//
// Everything here is untrusted text from the message: only mailto:, https:
// and http: URLs are kept (never javascript:, file:, data:), at most a few
// per field, each bounded in length.
#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace tern::lists {

struct ListId {
    QString id;     // "dev.lists.example.org", lower case, no brackets
    QString name;   // the phrase, decoded ("Developers"), or empty
    QString displayName() const { return name.isEmpty() ? id : name; }
    bool isValid() const { return !id.isEmpty(); }
};

// RFC 2919 §2: [phrase] "<" list-label "." list-id-namespace ">". Tolerates
// what list servers send in the wild: a quoted phrase, encoded words, a bare
// id without brackets, an id without a dot (old LISTSERV).
ListId parseListId(const QByteArray &value);

// RFC 2369 §2: URLs in angle brackets, separated by commas, comments allowed,
// white space inside a URL ignored. Only mailto/https/http, at most 8.
QList<QUrl> parseListUrls(const QByteArray &value);

struct ListHeaders {
    ListId id;
    QList<QUrl> post, unsubscribe, archive, help, subscribe, owner;
    bool postingClosed = false;   // List-Post: NO
    bool oneClick = false;        // List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058 §3.1)

    bool isList() const { return id.isValid() || !post.isEmpty() || !unsubscribe.isEmpty() || postingClosed; }
    // RFC 8058: the HTTPS URL to POST to, when one-click is offered; else empty.
    QUrl oneClickUrl() const;
    // The first mailto: unsubscribe URL, else empty.
    QUrl mailtoUnsubscribe() const;
    // The first https (else http) unsubscribe page to open in a browser, else empty.
    QUrl webUnsubscribe() const;
};

// From a whole message or its header block.
ListHeaders parseListHeaders(const QByteArray &message);

// The body RFC 8058 §3.1 prescribes for the POST.
inline QByteArray oneClickBody() { return QByteArrayLiteral("List-Unsubscribe=One-Click"); }

} // namespace tern::lists

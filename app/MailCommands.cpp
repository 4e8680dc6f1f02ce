// tern sync [ACCOUNT] [--verbose]
// tern send ACCOUNT FILE.eml [--later] [--dsn] [--verbose]
// tern outbox [ACCOUNT] [--json] | tern outbox retry|forget ID
// tern list ACCOUNT FOLDER [--threads [--by-subject]] [--json]
#include "Engine.h"
#include "Subcommands.h"
#include "crypto/PgpMimeWriter.h"

#include "mime/Addresses.h"
#include "pop3/Pop3Fetcher.h"
#include "store/MessageStore.h"
#include "store/OutboxStore.h"
#include "store/SyncPolicy.h"
#include "sync/AutocryptKeys.h"
#include "sync/OutboxSender.h"
#include "sync/SentCopyUploader.h"
#include "sync/ImapFolderSync.h"
#include "sync/ImapBodyFetch.h"
#include "sync/OfflineJournal.h"
#include "sync/ImapWatch.h"
#include "threads/FolderThreads.h"
#include "lists/ListMutes.h"

#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace tern::app {

namespace {

void progressLine(const QString &text)
{
    std::fprintf(stderr, "%s\n", text.toUtf8().constData());
}

bool takeFlag(QStringList &args, const QString &flag)
{
    return args.removeAll(flag) > 0;
}

template <typename Engine, typename Summary>
std::pair<Status, Summary> runEngine(Engine &engine, bool verbose)
{
    QEventLoop loop;
    std::pair<Status, Summary> result{success(), Summary{}};
    QObject::connect(&engine, &Engine::finished, &loop, [&](const Status &s, const Summary &sum) {
        result = {s, sum};
        loop.quit();
    });
    if (verbose)
        QObject::connect(&engine, &Engine::wire, &loop, [](const QByteArray &line, bool fromServer) {
            std::fprintf(stderr, "%s %s\n", fromServer ? "S:" : "C:", line.constData());
        });
    QMetaObject::invokeMethod(&engine, [&engine] { engine.run(); }, Qt::QueuedConnection);
    loop.exec();
    return result;
}

// Returns a non-empty error message on failure.
QString flushOutbox(store::Database &db, const store::Profile &profile, const store::AccountConfig &a, bool verbose,
                    sync::FlushSummary *summaryOut = nullptr)
{
    // Nothing queued, nothing interrupted, no Sent copy waiting: no connection, no password asked for.
    auto work = db.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE account = ? AND (state IN ('queued', 'submitting') OR sent_copy = 'pending')"),
                        {a.name});
    if (work && work.value().next() && work.value().value(0).toLongLong() == 0)
        return QString();
    auto creds = credentialsFor(a, *a.smtp);
    if (!creds)
        return creds.error().message;
    sync::OutboxSender sender(db, a, creds.value(), profile.cacheDir());
    QObject::connect(&sender, &sync::OutboxSender::progress, [&](int done, int total) {
        if (total)
            progressLine(QStringLiteral("%1: sending %2/%3").arg(a.name).arg(qMin(done + 1, total)).arg(total));
    });
    const auto [status, summary] = runEngine<sync::OutboxSender, sync::FlushSummary>(sender, verbose);
    if (summaryOut)
        *summaryOut = summary;
    for (const QString &p : summary.problems)
        progressLine(QStringLiteral("%1: %2").arg(a.name, p));
    if (summary.sent || summary.requeued || summary.failed || summary.uncertain)
        out(QStringLiteral("%1: sent %2, queued for retry %3, failed %4, uncertain %5\n")
                .arg(a.name).arg(summary.sent).arg(summary.requeued).arg(summary.failed).arg(summary.uncertain));
    if (!status)
        return status.error().message;
    if (a.imap) {
        // IMAP accounts keep their Sent copy on the server (APPEND with \Seen).
        auto imapCreds = credentialsFor(a, *a.imap);
        if (!imapCreds)
            return imapCreds.error().message;
        sync::SentCopyUploader uploader(db, a, imapCreds.value());
        QEventLoop loop;
        QString error;
        QObject::connect(&uploader, &sync::SentCopyUploader::finished, &loop, [&](const Status &s, int appended) {
            if (!s)
                error = QStringLiteral("saving to Sent: %1").arg(s.error().message);
            else if (appended)
                out(QStringLiteral("%1: %2 copies saved to Sent on the server\n").arg(a.name).arg(appended));
            loop.quit();
        });
        if (verbose)
            QObject::connect(&uploader, &sync::SentCopyUploader::wire, &loop, [](const QByteArray &line, bool fromServer) {
                std::fprintf(stderr, "%s %s\n", fromServer ? "S:" : "C:", line.constData());
            });
        QMetaObject::invokeMethod(&uploader, [&uploader] { uploader.run(); }, Qt::QueuedConnection);
        loop.exec();
        return error;
    }
    return QString();
}

bool fetchPop3(store::Database &db, const store::AccountConfig &a, bool verbose)
{
    auto creds = credentialsFor(a, *a.pop3);
    if (!creds) {
        progressLine(QStringLiteral("%1: %2").arg(a.name, creds.error().message));
        return false;
    }
    pop3::Pop3Fetcher fetcher(db, a, creds.value());
    QObject::connect(&fetcher, &pop3::Pop3Fetcher::progress, [&](int done, int total) {
        if (total && (done == total || done % 500 == 0))
            progressLine(QStringLiteral("%1: downloaded %2/%3").arg(a.name).arg(done).arg(total));
    });
    const auto [status, summary] = runEngine<pop3::Pop3Fetcher, pop3::FetchSummary>(fetcher, verbose);
    for (const QString &p : summary.problems)
        progressLine(QStringLiteral("%1: %2").arg(a.name, p));
    if (!status) {
        progressLine(QStringLiteral("%1: sync failed: %2").arg(a.name, status.error().message));
        return false;
    }
    out(QStringLiteral("%1: %2 on server, %3 downloaded, %4 deleted on server, %5 skipped\n")
            .arg(a.name).arg(summary.onServer).arg(summary.downloaded).arg(summary.deletedOnServer).arg(summary.skipped));
    return true;
}

bool syncImap(store::Database &db, const store::AccountConfig &a, bool verbose, const QString &onlyFolder = {},
              sync::ImapJob::Compression compression = sync::ImapJob::Compression::Auto, net::EarlyConnect early = {})
{
    auto creds = credentialsFor(a, *a.imap);
    if (!creds) {
        progressLine(QStringLiteral("%1: %2").arg(a.name, creds.error().message));
        return false;
    }
    // A dropped connection is retried with backoff; the sync resumes where the
    // cache stands (it is incremental), so nothing is fetched twice or lost.
    Status status = success();
    sync::FolderSyncSummary summary;
    for (int attempt = 0;; ++attempt) {
        sync::ImapFolderSync syncer(db, a, creds.value());
        if (!onlyFolder.isEmpty())
            syncer.setOnlyFolder(onlyFolder);
        syncer.setCompression(compression);
        if (attempt == 0)
            syncer.adoptEarlyConnect(std::move(early));
        QObject::connect(&syncer, &sync::ImapFolderSync::progress, [&](const QString &folder, int done, int total) {
            if (verbose || total <= 50 || done % 50 == 0)
                progressLine(QStringLiteral("%1: %2 (%3/%4)").arg(a.name, folder).arg(done + 1).arg(total));
        });
        const auto [st, sum] = runEngine<sync::ImapFolderSync, sync::FolderSyncSummary>(syncer, verbose);
        status = st;
        summary.folders = sum.folders;
        summary.unchanged = sum.unchanged;
        summary.skipped = sum.skipped;
        summary.added += sum.added;
        summary.flagsChanged += sum.flagsChanged;
        summary.removed += sum.removed;
        summary.bodies += sum.bodies;
        summary.bodiesReused += sum.bodiesReused;
        summary.bodyBytes += sum.bodyBytes;
        summary.replayed += sum.replayed;
        summary.replayFailed += sum.replayFailed;
        summary.conflicts += sum.conflicts;
        if (status || status.error().code != Error::Code::Network || attempt >= 3)
            break;
        const int waitMs = 500 << attempt;
        progressLine(QStringLiteral("%1: %2; reconnecting in %3 ms").arg(a.name, status.error().message).arg(waitMs));
        QEventLoop pause;
        QTimer::singleShot(waitMs, &pause, &QEventLoop::quit);
        pause.exec();
    }
    if (!status) {
        progressLine(QStringLiteral("%1: sync failed: %2").arg(a.name, status.error().message));
        return false;
    }
    out(QStringLiteral("%1: %2 folders (%3 unchanged, %4 skipped by policy), %5 new, %6 flag changes, %7 removed, "
                       "%8 bodies downloaded (%9 KiB), %10 reused\n")
            .arg(a.name).arg(summary.folders).arg(summary.unchanged).arg(summary.skipped).arg(summary.added).arg(summary.flagsChanged)
            .arg(summary.removed).arg(summary.bodies).arg(summary.bodyBytes / 1024).arg(summary.bodiesReused));
    if (summary.replayed || summary.replayFailed)
        out(QStringLiteral("%1: %2 offline actions replayed, %3 refused (%4 conflicts; see tern journal %1)\n")
                .arg(a.name).arg(summary.replayed).arg(summary.replayFailed).arg(summary.conflicts));
    return true;
}

} // namespace

// tern watch ACCOUNT [FOLDER] [--once]: sync, then keep FOLDER (default INBOX)
// in sync as the server reports changes (ImapWatch: IDLE, else polling); a
// dropped connection is re-opened with backoff (1 s doubling to 5 min) and
// followed by a sync, so nothing reported meanwhile is missed. --once: stop
// after the first change has been synchronised (scripts, tests).
int runWatch(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    const bool verbose = takeFlag(args, QStringLiteral("--verbose"));
    const bool once = takeFlag(args, QStringLiteral("--once"));
    if (args.isEmpty() || args.size() > 2)
        return fail(QStringLiteral("usage: tern watch ACCOUNT [FOLDER] [--once]"), 2);
    auto account = findAccount(ctx.profile, args.at(0));
    if (!account)
        return fail(account.error().message, 2);
    const auto &a = account.value();
    if (!a.imap)
        return fail(QStringLiteral("%1 is not an IMAP account").arg(a.name), 2);
    const QString folder = args.value(1, QStringLiteral("INBOX"));
    auto creds = credentialsFor(a, *a.imap);
    if (!creds)
        return fail(creds.error().message, 2);
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    if (!syncImap(*db.value(), a, verbose))
        return 1;
    const int renewSeconds = qEnvironmentVariableIntValue("TERN_IDLE_RENEW_SECONDS");
    int backoffMs = 1000;
    for (;;) {
        sync::ImapWatch watch(a, creds.value(), folder);
        if (renewSeconds > 0)
            watch.setRenewInterval(renewSeconds * 1000);
        QEventLoop loop;
        bool changed = false, syncing = false, again = false, stopAfter = false;
        Status ended = success();
        std::function<void()> syncNow = [&] {
            if (syncing) {
                again = true;   // once more after this one
                return;
            }
            syncing = true;
            do {
                again = false;
                if (!syncImap(*db.value(), a, verbose, folder))
                    progressLine(QStringLiteral("%1: will try again at the next change").arg(a.name));
            } while (again);
            syncing = false;
            if (once && changed) {
                stopAfter = true;
                watch.stop();
            }
        };
        QObject::connect(&watch, &sync::ImapWatch::watching, &loop, [&](bool idle) {
            backoffMs = 1000;
            progressLine(QStringLiteral("%1: watching %2 (%3)").arg(a.name, folder, idle ? QStringLiteral("IDLE") : QStringLiteral("polling")));
        });
        QObject::connect(&watch, &sync::ImapWatch::changed, &loop, [&] {
            changed = true;
            // Several notifications arrive together: one sync, soon after.
            QTimer::singleShot(200, &loop, [&] { syncNow(); });
        });
        QObject::connect(&watch, &sync::ImapWatch::finished, &loop, [&](const Status &s) {
            ended = s;
            loop.quit();
        });
        if (verbose)
            QObject::connect(&watch, &sync::ImapWatch::wire, &loop, [](const QByteArray &line, bool fromServer) {
                std::fprintf(stderr, "%s %s\n", fromServer ? "S:" : "C:", line.constData());
            });
        QMetaObject::invokeMethod(&watch, [&watch] { watch.run(); }, Qt::QueuedConnection);
        loop.exec();
        if (stopAfter)
            return 0;
        if (ended)
            return 0;
        if (ended.error().code != Error::Code::Network)
            return fail(ended.error().message);
        progressLine(QStringLiteral("%1: %2; reconnecting in %3 s").arg(a.name, ended.error().message).arg(backoffMs / 1000.0));
        QEventLoop pause;
        QTimer::singleShot(backoffMs, &pause, &QEventLoop::quit);
        pause.exec();
        backoffMs = qMin(backoffMs * 2, 300000);
        if (!syncImap(*db.value(), a, verbose))   // what changed while the connection was down
            progressLine(QStringLiteral("%1: sync after reconnecting failed; watching again").arg(a.name));
    }
}

int runFolders(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    const bool json = takeFlag(args, QStringLiteral("--json"));
    if (args.size() > 1)
        return fail(QStringLiteral("usage: tern folders [ACCOUNT] [--json]"), 2);
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    auto q = db.value()->exec(QStringLiteral(
        "SELECT b.account, b.name, b.attributes, (SELECT count(*) FROM messages m WHERE m.mailbox_id = b.id), "
        "(SELECT count(*) FROM messages m WHERE m.mailbox_id = b.id AND m.flags NOT LIKE '%\\Seen%'), "
        "(SELECT count(*) FROM messages m JOIN bodies x ON x.message_id = m.id WHERE m.mailbox_id = b.id), "
        "coalesce(b.size_on_server, -1), coalesce(b.messages_on_server, -1) "
        "FROM mailboxes b WHERE (b.exists_on_server = 1 OR EXISTS (SELECT 1 FROM messages m WHERE m.mailbox_id = b.id)) "
        "AND (? = '' OR b.account = ?) ORDER BY b.account, b.name"),
        {args.value(0), args.value(0)});
    if (!q)
        return fail(q.error().message);
    auto accounts = loadAccounts(ctx.profile);
    store::SyncPolicyStore policies(*db.value());
    auto policyOf = [&](const QString &account, const QString &folder) -> QString {
        if (accounts)
            for (const auto &a : accounts.value())
                if (a.name == account && a.imap)
                    if (auto p = policies.forFolder(a, folder))
                        return p.value().toString();
        return QString();
    };
    QJsonArray arr;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        const QString policy = policyOf(r.value(0).toString(), r.value(1).toString());
        if (json) {
            QJsonObject o{{QStringLiteral("account"), r.value(0).toString()}, {QStringLiteral("name"), r.value(1).toString()},
                          {QStringLiteral("attributes"), r.value(2).toString()}, {QStringLiteral("messages"), r.value(3).toLongLong()},
                          {QStringLiteral("unread"), r.value(4).toLongLong()}, {QStringLiteral("bodiesOffline"), r.value(5).toLongLong()}};
            if (!policy.isEmpty())
                o.insert(QStringLiteral("policy"), policy);
            if (r.value(6).toLongLong() >= 0)   // STATUS=SIZE (RFC 8438)
                o.insert(QStringLiteral("sizeOnServer"), r.value(6).toLongLong());
            if (r.value(7).toLongLong() >= 0)
                o.insert(QStringLiteral("messagesOnServer"), r.value(7).toLongLong());
            arr.append(o);
        } else {
            out(QStringLiteral("%1\t%2\t%3\t%4 unread\t%5\t%6\n").arg(r.value(0).toString(), r.value(1).toString())
                    .arg(r.value(3).toLongLong()).arg(r.value(4).toLongLong()).arg(r.value(2).toString(), policy));
        }
    }
    if (json)
        out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)));
    return 0;
}

int runSync(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    const bool verbose = takeFlag(args, QStringLiteral("--verbose"));
    // COMPRESS=DEFLATE is used by default with servers not on this machine; --compress always.
    const auto compression = takeFlag(args, QStringLiteral("--compress")) ? sync::ImapJob::Compression::Always
                                                                          : sync::ImapJob::Compression::Auto;
    if (args.size() > 1 || (args.size() == 1 && args.first().startsWith(QLatin1Char('-'))))
        return fail(QStringLiteral("usage: tern sync [ACCOUNT] [--verbose] [--compress]"), 2);
    auto accounts = loadAccounts(ctx.profile);
    if (!accounts)
        return fail(accounts.error().message);
    QList<store::AccountConfig> chosen;
    for (const auto &a : accounts.value())
        if (args.isEmpty() || a.name == args.first())
            chosen.append(a);
    if (chosen.isEmpty())
        return fail(args.isEmpty() ? QStringLiteral("no accounts (see tern account add)")
                                   : QStringLiteral("no account named '%1'").arg(args.first()), 2);
    // The first account's server is connected to before the cache is opened
    // (a loopback address only; net/EarlyConnect.h): the two start-ups overlap.
    net::EarlyConnect early;
    if (chosen.first().imap && chosen.first().imap->security == net::Security::ImplicitTls)
        early = net::EarlyConnect::start(chosen.first().imap->host, chosen.first().imap->port);
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);

    int failures = 0;
    for (const auto &a : std::as_const(chosen)) {
        if (a.imap) {
            if (!syncImap(*db.value(), a, verbose, {}, compression, std::move(early)))
                ++failures;
        } else if (!fetchPop3(*db.value(), a, verbose)) {
            ++failures;
        }
        // New mail of muted lists is marked read (journaled: the server hears at the next sync).
        if (auto muted = lists::ListMutes(*db.value()).apply(); muted && muted.value() > 0)
            progressLine(QStringLiteral("%1: %2 message(s) of muted lists marked read").arg(a.name).arg(muted.value()));
        if (a.smtp) {
            const QString err = flushOutbox(*db.value(), ctx.profile, a, verbose);
            if (!err.isEmpty()) {
                progressLine(QStringLiteral("%1: outbox: %2").arg(a.name, err));
                ++failures;
            }
        }
    }
    return failures ? 1 : 0;
}

int runSend(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    const bool verbose = takeFlag(args, QStringLiteral("--verbose"));
    const bool later = takeFlag(args, QStringLiteral("--later"));
    const bool dsn = takeFlag(args, QStringLiteral("--dsn"));
    crypto::ProtectOptions protect;
    protect.sign = takeFlag(args, QStringLiteral("--sign"));
    protect.encrypt = takeFlag(args, QStringLiteral("--encrypt"));
    protect.protocol = takeFlag(args, QStringLiteral("--smime")) ? crypto::Protocol::Cms : crypto::Protocol::OpenPgp;
    if (args.size() != 2)
        return fail(QStringLiteral("usage: tern send ACCOUNT FILE.eml [--later] [--dsn] [--sign] [--encrypt] [--smime] [--verbose]"), 2);
    auto account = findAccount(ctx.profile, args.at(0));
    if (!account)
        return fail(account.error().message, 2);
    const auto &a = account.value();
    if (!a.smtp)
        return fail(QStringLiteral("account %1 has no SMTP server").arg(a.name), 2);
    QFile file(args.at(1));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(args.at(1), file.errorString()), 2);
    if (file.size() > 512LL * 1024 * 1024)
        return fail(QStringLiteral("%1 is larger than 512 MB").arg(args.at(1)), 2);
    const QByteArray raw = file.readAll();

    // The envelope: recipients from To, Cc and Bcc; Bcc never travels (RFC 5322 §3.6.3).
    // Signed or encrypted before Bcc goes: an encrypted message is one copy for To
    // and Cc and one per Bcc recipient, so that no ciphertext names a blind copy's key.
    // Keys the user accepted from recipients' Autocrypt headers (tern keys --accept-autocrypt) count too.
    if (protect.encrypt && protect.protocol == crypto::Protocol::OpenPgp)
        if (auto cache = openCache(ctx.profile))
            protect.acceptedKeys = sync::acceptedKeysOf(sync::autocryptPeersFor(*cache.value(), a.name, crypto::recipientsOf(raw)));
    auto copies = crypto::protectForSending(raw, protect);
    if (!copies)
        return fail(copies.error().message.contains(QLatin1String("no recipients"))
                        ? QStringLiteral("%1 has no recipients in To, Cc or Bcc").arg(args.at(1)) : copies.error().message, 2);
    QByteArray from = a.address.toUtf8();
    const auto fromHeader = mime::headerValues(raw, "From");
    if (!fromHeader.isEmpty()) {
        const auto addrs = mime::parseAddressList(fromHeader.first());
        if (!addrs.isEmpty())
            from = addrs.first();
    }
    if (from.isEmpty())
        return fail(QStringLiteral("%1 has no From address and the account has none").arg(args.at(1)), 2);
    const auto ids = mime::headerValues(raw, "Message-ID");

    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    store::OutboxStore outbox(*db.value());
    QList<qint64> queued;
    {
        store::Transaction t(*db.value());   // all copies or none
        if (!t.status())
            return fail(t.status().error().message);
        for (const crypto::OutgoingCopy &c : copies.value()) {
            auto id = outbox.enqueue(a.name, c.bytes, from, c.recipients, ids.isEmpty() ? QString() : QString::fromUtf8(ids.first()), dsn,
                                     c.keepInSent);
            if (!id)
                return fail(id.error().message);
            queued << id.value();
            progressLine(QStringLiteral("queued as outbox entry %1 for %2 recipient(s)").arg(id.value()).arg(c.recipients.size()));
        }
        if (auto s = t.commit(); !s)
            return fail(s.error().message);
    }
    if (later)
        return 0;   // the next tern sync sends it

    sync::FlushSummary summary;
    const QString err = flushOutbox(*db.value(), ctx.profile, a, verbose, &summary);
    auto entries = outbox.list(a.name);
    QString state = QStringLiteral("sent");
    if (entries)
        for (const auto &e : entries.value())
            if (queued.contains(e.id) && e.state != QLatin1String("sent"))
                state = e.state;
    if (state == QLatin1String("sent"))
        return 0;
    if (state == QLatin1String("queued")) {
        fail(QStringLiteral("not sent yet, kept in the outbox: %1").arg(err.isEmpty() ? summary.problems.join(QStringLiteral("; ")) : err));
        return 75;   // EX_TEMPFAIL: it will go with the next sync
    }
    return fail(QStringLiteral("not sent (%1): %2").arg(state, err.isEmpty() ? summary.problems.join(QStringLiteral("; ")) : err));
}

int runOutbox(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    store::OutboxStore outbox(*db.value());
    if (!args.isEmpty() && (args.first() == QLatin1String("retry") || args.first() == QLatin1String("forget"))) {
        bool ok = false;
        const qint64 id = args.value(1).toLongLong(&ok);
        if (!ok || args.size() != 2)
            return fail(QStringLiteral("usage: tern outbox retry|forget ID"), 2);
        const Status s = args.first() == QLatin1String("retry") ? outbox.retry(id) : outbox.forget(id);
        return s ? 0 : fail(s.error().message);
    }
    const bool json = takeFlag(args, QStringLiteral("--json"));
    if (args.size() > 1)
        return fail(QStringLiteral("usage: tern outbox [ACCOUNT] [--json]"), 2);
    auto entries = outbox.list(args.value(0));
    if (!entries)
        return fail(entries.error().message);
    if (json) {
        QJsonArray arr;
        for (const auto &e : entries.value()) {
            QJsonArray rcpts;
            for (const auto &r : e.recipients)
                rcpts.append(QString::fromUtf8(r));
            arr.append(QJsonObject{{QStringLiteral("id"), e.id}, {QStringLiteral("account"), e.account},
                                   {QStringLiteral("state"), e.state}, {QStringLiteral("from"), QString::fromUtf8(e.mailFrom)},
                                   {QStringLiteral("recipients"), rcpts}, {QStringLiteral("messageId"), e.messageIdHeader},
                                   {QStringLiteral("attempts"), e.attempts}, {QStringLiteral("lastError"), e.lastError},
                                   {QStringLiteral("recipientResults"), e.recipientResults},
                                   {QStringLiteral("createdAt"), e.createdAt.toString(Qt::ISODate)},
                                   {QStringLiteral("sentAt"), e.sentAt.isValid() ? e.sentAt.toString(Qt::ISODate) : QString()}});
        }
        out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)));
        return 0;
    }
    for (const auto &e : entries.value())
        out(QStringLiteral("%1\t%2\t%3\t%4 recipient(s)\t%5\n").arg(e.id).arg(e.account, e.state).arg(e.recipients.size()).arg(e.lastError));
    return 0;
}

// tern move ACCOUNT FOLDER N TOFOLDER | tern delete ACCOUNT FOLDER N | tern flag ACCOUNT FOLDER N (+|-)FLAG
// N as `tern list` shows it. POP3 accounts own their messages: the change is
// made here and that is all. IMAP accounts: made in the cache at once and
// journaled; `tern sync` replays the journal (works offline).
enum class Action { Move, Delete, Flag };

static int messageAction(const SubcommandContext &ctx, Action action)
{
    const QStringList &args = ctx.args;
    const int want = action == Action::Delete ? 3 : 4;
    static const char *usage[] = {"usage: tern move ACCOUNT FOLDER N TOFOLDER", "usage: tern delete ACCOUNT FOLDER N",
                                  "usage: tern flag ACCOUNT FOLDER N (+|-)FLAG   e.g. +\\Flagged -\\Seen"};
    bool ok = false;
    const qint64 n = args.value(2).toLongLong(&ok);
    if (args.size() != want || !ok || n <= 0)
        return fail(QString::fromUtf8(usage[int(action)]), 2);
    auto a = findAccount(ctx.profile, args.at(0));
    if (!a)
        return fail(a.error().message, 2);
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    const QString folder = args.at(1);
    if (a.value().imap) {
        sync::OfflineJournal journal(*db.value());
        const Status s = action == Action::Move ? journal.move(a.value().name, folder, n, args.at(3))
                         : action == Action::Delete ? journal.remove(a.value().name, folder, n)
                                                    : journal.flag(a.value().name, folder, n, args.at(3));
        if (!s)
            return fail(s.error().message, s.error().code == Error::Code::Io ? 1 : 2);
        fail(QStringLiteral("done here; the server follows at the next tern sync"), 0);
        return 0;
    }
    if (action == Action::Flag)
        return fail(QStringLiteral("flags of POP3 messages are not kept on any server; nothing to do"), 2);
    auto owner = db.value()->exec(QStringLiteral("SELECT 1 FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                                 "WHERE m.id = ? AND b.account = ? AND b.name = ?"), {n, a.value().name, folder});
    if (!owner)
        return fail(owner.error().message);
    if (!owner.value().next())
        return fail(QStringLiteral("%1 has no message %2 in %3").arg(a.value().name).arg(n).arg(folder), 2);
    store::MessageStore messages(*db.value());
    const Status s = action == Action::Move ? messages.move(n, a.value().name, args.at(3)) : messages.remove(n);
    return s ? 0 : fail(s.error().message);
}

int runMove(const SubcommandContext &ctx) { return messageAction(ctx, Action::Move); }
int runDelete(const SubcommandContext &ctx) { return messageAction(ctx, Action::Delete); }
int runFlag(const SubcommandContext &ctx) { return messageAction(ctx, Action::Flag); }

int runJournal(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    const bool json = takeFlag(args, QStringLiteral("--json"));
    if (args.size() != 1)
        return fail(QStringLiteral("usage: tern journal ACCOUNT [--json]"), 2);
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    auto entries = sync::OfflineJournal(*db.value()).all(args.first());
    if (!entries)
        return fail(entries.error().message);
    QJsonArray arr;
    for (const auto &e : entries.value()) {
        if (json)
            arr.append(QJsonObject{{QStringLiteral("id"), e.id}, {QStringLiteral("op"), e.op}, {QStringLiteral("folder"), e.mailbox},
                                   {QStringLiteral("uid"), e.uid}, {QStringLiteral("arg"), e.arg}, {QStringLiteral("state"), e.state},
                                   {QStringLiteral("error"), e.error}});
        else
            out(QStringLiteral("%1\t%2\t%3\t%4 %5\t%6 %7\n").arg(e.id).arg(e.state, e.op, e.mailbox).arg(e.uid).arg(e.arg, e.error));
    }
    if (json)
        out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)));
    return 0;
}

// The folder's conversations (JWZ), oldest first, replies indented under
// their parent; --json: one flat row per message in the same order, with its
// thread, depth and parent row (a missing parent shared by several replies is
// a row with "missing": true).
static int printThreads(store::Database &db, const QString &account, const QString &folder,
                        const QList<store::MessageRow> &rows, bool json, bool bySubject)
{
    threads::FolderThreads ft(account, folder, bySubject);
    if (auto r = ft.refresh(db); !r)
        return fail(r.error().message);
    const threads::ThreadTree tree = ft.tree(false);
    QHash<qint64, const store::MessageRow *> byId;
    for (const auto &m : rows)
        byId.insert(m.id, &m);
    QJsonArray arr;
    std::vector<int> threadOf(tree.nodes.size(), 0);
    for (size_t t = 0; t < tree.roots.size(); ++t)
        for (int n = tree.roots[t]; n < tree.roots[t] + tree.nodes[size_t(tree.roots[t])].size; ++n)
            threadOf[size_t(n)] = int(t);
    for (size_t n = 0; n < tree.nodes.size(); ++n) {
        const auto &node = tree.nodes[n];
        const store::MessageRow *m = byId.value(node.message);
        const QString indent(2 * qMin(node.depth, 40), QLatin1Char(' '));
        if (json) {
            QJsonObject o{{QStringLiteral("thread"), threadOf[n]}, {QStringLiteral("depth"), node.depth},
                          {QStringLiteral("parent"), node.parent < 0 ? QJsonValue() : QJsonValue(node.parent)}};
            if (m) {
                o.insert(QStringLiteral("id"), m->id);
                o.insert(QStringLiteral("from"), m->from);
                o.insert(QStringLiteral("subject"), m->subject);
                o.insert(QStringLiteral("date"), m->date);
                o.insert(QStringLiteral("messageId"), m->messageId);
                o.insert(QStringLiteral("flags"), m->flags);
            } else {
                o.insert(QStringLiteral("missing"), true);
            }
            arr.append(o);
        } else if (m) {
            out(QStringLiteral("%1\t%2\t%3\t%4%5\n").arg(m->uid ? m->uid : m->id).arg(m->date, m->from, indent, m->subject));
        } else {
            out(QStringLiteral("-\t\t\t%1(not here)\n").arg(indent));
        }
    }
    if (json)
        out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)));
    return 0;
}

int runList(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    const bool json = takeFlag(args, QStringLiteral("--json"));
    const bool threads = takeFlag(args, QStringLiteral("--threads"));
    const bool bySubject = takeFlag(args, QStringLiteral("--by-subject"));   // JWZ step 5, off by default
    if (args.size() != 2 || (bySubject && !threads))
        return fail(QStringLiteral("usage: tern list ACCOUNT FOLDER [--threads [--by-subject]] [--json]"), 2);
    if (auto a = findAccount(ctx.profile, args.at(0)); !a)
        return fail(a.error().message, 2);
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    auto rows = store::MessageStore(*db.value()).list(args.at(0), args.at(1));
    if (!rows)
        return fail(rows.error().message);
    if (threads)
        return printThreads(*db.value(), args.at(0), args.at(1), rows.value(), json, bySubject);
    if (json) {
        QJsonArray arr;
        for (const auto &m : rows.value())
            arr.append(QJsonObject{{QStringLiteral("id"), m.id}, {QStringLiteral("from"), m.from}, {QStringLiteral("subject"), m.subject},
                                   {QStringLiteral("date"), m.date}, {QStringLiteral("messageId"), m.messageId},
                                   {QStringLiteral("flags"), m.flags}, {QStringLiteral("size"), m.size}});
        out(QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Indented)));
        return 0;
    }
    for (const auto &m : rows.value())
        out(QStringLiteral("%1\t%2\t%3\t%4\n").arg(m.uid ? m.uid : m.id).arg(m.date, m.from, m.subject));
    return 0;
}

// tern show ACCOUNT FOLDER N [--part SECTION]: the raw message, or one part of
// it (as sent: still transfer-encoded). N is the IMAP UID (IMAP accounts) or the
// number `tern list` shows (POP3). What is not cached yet is fetched
// (BODY.PEEK[] or BODY.PEEK[SECTION]) and kept.
int runShow(const SubcommandContext &ctx)
{
    QStringList args = ctx.args;
    const bool verbose = takeFlag(args, QStringLiteral("--verbose"));
    QByteArray section;
    if (const int i = args.indexOf(QStringLiteral("--part")); i >= 0) {
        section = args.value(i + 1).toLatin1();
        args.remove(i, qMin<qsizetype>(2, args.size() - i));
    }
    bool ok = false;
    const qint64 n = args.value(2).toLongLong(&ok);
    if (args.size() != 3 || !ok || n <= 0)
        return fail(QStringLiteral("usage: tern show ACCOUNT FOLDER N [--part SECTION]   (N as tern list shows it)"), 2);
    auto account = findAccount(ctx.profile, args.at(0));
    if (!account)
        return fail(account.error().message, 2);
    const auto &a = account.value();
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    auto q = db.value()->exec(QStringLiteral("SELECT m.id, (SELECT raw FROM bodies WHERE message_id = m.id), "
                                             "(SELECT raw FROM parts WHERE message_id = m.id AND section = ?) FROM messages m "
                                             "JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.account = ? AND b.name = ? AND %1 = ?")
                                  .arg(a.imap ? QStringLiteral("m.uid") : QStringLiteral("m.id")),
                              {QString::fromLatin1(section), a.name, args.at(1), n});
    if (!q)
        return fail(q.error().message);
    const bool known = q.value().next();
    if (known && section.isEmpty() && !q.value().value(1).isNull()) {
        const QByteArray raw = q.value().value(1).toByteArray();
        std::fwrite(raw.constData(), 1, size_t(raw.size()), stdout);
        return 0;
    }
    if (known && !section.isEmpty() && !q.value().value(2).isNull()) {
        const QByteArray raw = q.value().value(2).toByteArray();
        std::fwrite(raw.constData(), 1, size_t(raw.size()), stdout);
        return 0;
    }
    if (!a.imap)
        return fail(section.isEmpty() ? QStringLiteral("%1 has no message %2 in %3").arg(a.name).arg(n).arg(args.at(1))
                                      : QStringLiteral("parts of local messages come with the MIME viewer (tern render)"), 2);
    auto creds = credentialsFor(a, *a.imap);
    if (!creds)
        return fail(creds.error().message);
    sync::ImapBodyFetch fetch(*db.value(), a, creds.value(), args.at(1), n);
    if (!section.isEmpty())
        if (auto s = fetch.setSection(section); !s)
            return fail(s.error().message, 2);
    QEventLoop loop;
    int code = 0;
    QObject::connect(&fetch, &sync::ImapBodyFetch::finished, &loop, [&](const Status &s, const QByteArray &raw) {
        if (!s)
            code = fail(s.error().message, s.error().code == Error::Code::NotFound ? 2 : 1);
        else
            std::fwrite(raw.constData(), 1, size_t(raw.size()), stdout);
        loop.quit();
    });
    if (verbose)
        QObject::connect(&fetch, &sync::ImapBodyFetch::wire, &loop, [](const QByteArray &line, bool fromServer) {
            std::fprintf(stderr, "%s %s\n", fromServer ? "S:" : "C:", line.constData());
        });
    QMetaObject::invokeMethod(&fetch, [&fetch] { fetch.run(); }, Qt::QueuedConnection);
    loop.exec();
    return code;
}

} // namespace tern::app

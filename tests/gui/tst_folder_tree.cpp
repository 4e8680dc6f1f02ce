// The folder pane and the message list's columns as a user sees them: special
// folders first, named in the reader's language and with icons; unread
// counts; the Unified Inbox across accounts with its opt-out; the attachment
// and signed/encrypted columns; the classic/wide layout kept in the profile.
#include "TestProfile.h"
#include "DesktopSettings.h"
#include "FolderTree.h"
#include "MainWindow.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "store/MessageStore.h"
#include "sync/OfflineJournal.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTranslator>
#include <QTreeView>
#include <unistd.h>

using namespace tern;

namespace {
std::unique_ptr<store::Database> openCache(const store::Profile &p)
{
    auto db = store::Database::open(p.cacheDir() + QStringLiteral("/cache.sqlite"));
    return db ? std::move(db.value()) : nullptr;
}

QStringList childTexts(QTreeWidgetItem *item)
{
    QStringList out;
    for (int i = 0; i < item->childCount(); ++i)
        out << item->child(i)->text(0);
    return out;
}

// The list's column whose header says `tooltip` (the icon columns have no text).
int columnByTooltip(QAbstractItemModel *m, const QString &tooltip)
{
    for (int c = 0; c < m->columnCount(); ++c)
        if (m->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString() == tooltip)
            return c;
    return -1;
}

int rowWithSubject(QAbstractItemModel *m, const QString &subject)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, 1).data().toString() == subject)
            return r;
    return -1;
}

ui::FolderTree *folderTree(ui::MainWindow &w)
{
    return w.findChild<ui::FolderTree *>(QStringLiteral("folderTree"));
}
} // namespace

class TestFolderTree : public QObject {
    Q_OBJECT
private slots:
    void specialFoldersComeFirstNamedAndDrawn()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"), true);
        {
            auto db = openCache(profile);
            QVERIFY(db);
            store::MessageStore m(*db);
            // The server marks "Papierkorb" \Trash: the folder merely called "Deleted Items" is then an ordinary one.
            for (const char *name : {"Zeta", "Deleted Items", "Papierkorb", "Sent Items", "INBOX", "Archive", "Spam", "Entwürfe"})
                QVERIFY(m.ensureMailbox(QStringLiteral("work"), QString::fromUtf8(name)).ok());
            QVERIFY(db->exec(QStringLiteral("UPDATE mailboxes SET attributes = '\\HasNoChildren \\Trash' WHERE name = 'Papierkorb'")).ok());
            QVERIFY(db->exec(QStringLiteral("UPDATE mailboxes SET attributes = '\\Drafts' WHERE name = 'Entwürfe'")).ok());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), "From: a@x\r\nSubject: new\r\n\r\nhi\r\n").ok());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("Zeta"), "From: a@x\r\nSubject: new\r\n\r\nhi\r\n").ok());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("Zeta"), "From: a@x\r\nSubject: old\r\n\r\nhi\r\n", QStringLiteral("\\Seen")).ok());
        }
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ui::FolderTree *tree = folderTree(w);
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItemCount(), 1);   // one account: no Unified Inbox
        QTreeWidgetItem *account = tree->topLevelItem(0);
        QCOMPARE(childTexts(account), (QStringList{QStringLiteral("Inbox (1)"), QStringLiteral("Drafts"), QStringLiteral("Sent"),
                                                   QStringLiteral("Archive"), QStringLiteral("Junk"), QStringLiteral("Trash"),
                                                   QStringLiteral("Deleted Items"), QStringLiteral("Zeta (1)")}));
        // The server's name stays reachable (tooltip) and is what actions use.
        QCOMPARE(account->child(5)->data(0, ui::FolderTree::FolderRole).toString(), QStringLiteral("Papierkorb"));
        QCOMPARE(account->child(1)->toolTip(0), QStringLiteral("Entwürfe"));
        QVERIFY(account->child(0)->font(0).bold());
        QVERIFY(!account->child(3)->font(0).bold());
        // Every folder has an icon, the special ones their own; with no icon theme they are Tern's.
        QStringList iconNames;
        for (int i = 0; i < account->childCount(); ++i) {
            QVERIFY2(!account->child(i)->icon(0).isNull(), qPrintable(account->child(i)->text(0)));
            QVERIFY(!account->child(i)->icon(0).pixmap(16, 16).isNull());
            iconNames << account->child(i)->icon(0).name();
        }
        QCOMPARE(iconNames.mid(0, 6), (QStringList{QStringLiteral("mail-folder-inbox"), QStringLiteral("document-edit"),
                                                   QStringLiteral("mail-folder-sent"), QStringLiteral("folder-archive"),
                                                   QStringLiteral("mail-mark-junk"), QStringLiteral("user-trash")}));
        QCOMPARE(iconNames.at(7), QStringLiteral("folder"));
        // The toolbar's actions are drawn too (they were blank without an icon theme).
        for (QAction *a : w.findChild<QToolBar *>(QStringLiteral("mainToolBar"))->actions()) {
            if (a->isSeparator())
                continue;
            QVERIFY2(!a->icon().pixmap(24, 24).isNull(), qPrintable(a->text()));
        }

        // In German the special folders are named as German clients do; other names stay the server's.
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/tern_de.qm")));
        QCoreApplication::installTranslator(&german);
        ui::MainWindow de(profile);
        QCoreApplication::removeTranslator(&german);
        const QStringList deNames = childTexts(folderTree(de)->topLevelItem(0));
        QCOMPARE(deNames.value(0), QStringLiteral("Posteingang (1)"));
        QCOMPARE(deNames.value(2), QStringLiteral("Gesendet"));
        QCOMPARE(deNames.value(5), QStringLiteral("Papierkorb"));
        QCOMPARE(deNames.value(7), QStringLiteral("Zeta (1)"));

        const QString outDir = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!outDir.isEmpty()) {
            QDir().mkpath(outDir);
            QVERIFY(w.grab().save(outDir + QStringLiteral("/main-window-folders.png")));
        }
    }

    // Folders nest by the server's delimiter; a level the server does not list
    // (\Noselect) is a plain node; a hostile depth stays bounded.
    void nestedFoldersUnderTheirParents()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"), true);
        QString deep = QStringLiteral("x");
        for (int i = 0; i < 60; ++i)
            deep += QStringLiteral("/x");
        {
            auto db = openCache(profile);
            QVERIFY(db);
            store::MessageStore m(*db);
            for (const QString &name : {QStringLiteral("INBOX"), QStringLiteral("INBOX/Receipts"), QStringLiteral("Lists"), QStringLiteral("Lists/dev"),
                                        QStringLiteral("Lists/announce"), QStringLiteral("Projects/2024/Q1"), deep})
                QVERIFY(m.ensureMailbox(QStringLiteral("work"), name).ok());
            QVERIFY(m.ensureMailbox(QStringLiteral("work"), QStringLiteral("a.b")).ok());
            QVERIFY(db->exec(QStringLiteral("UPDATE mailboxes SET delimiter = '/' WHERE name <> 'a.b'")).ok());
            QVERIFY(db->exec(QStringLiteral("UPDATE mailboxes SET delimiter = '.' WHERE name = 'a.b'")).ok());
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("Lists/dev"), "From: a@x\r\nSubject: build\r\n\r\nhi\r\n").ok());
        }
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ui::FolderTree *tree = folderTree(w);
        QTreeWidgetItem *account = tree->topLevelItem(0);
        QCOMPARE(childTexts(account), (QStringList{QStringLiteral("Inbox"), QStringLiteral("a"), QStringLiteral("Lists"),
                                                   QStringLiteral("Projects"), QStringLiteral("x")}));
        QCOMPARE(childTexts(account->child(0)), QStringList{QStringLiteral("Receipts")});
        QCOMPARE(account->child(0)->child(0)->data(0, ui::FolderTree::FolderRole).toString(), QStringLiteral("INBOX/Receipts"));
        QTreeWidgetItem *lists = account->child(2);
        QCOMPARE(lists->data(0, ui::FolderTree::FolderRole).toString(), QStringLiteral("Lists"));
        QCOMPARE(childTexts(lists), (QStringList{QStringLiteral("announce"), QStringLiteral("dev (1)")}));
        QVERIFY(lists->isExpanded());
        // Not listed by the server: a node to open, not a folder to select.
        QTreeWidgetItem *projects = account->child(3);
        QVERIFY(!projects->data(0, ui::FolderTree::FolderRole).isValid());
        QVERIFY(!(projects->flags() & Qt::ItemIsSelectable));
        QCOMPARE(childTexts(projects), QStringList{QStringLiteral("2024")});
        QCOMPARE(childTexts(projects->child(0)), QStringList{QStringLiteral("Q1")});
        QCOMPARE(account->child(1)->child(0)->text(0), QStringLiteral("b"));
        // 61 levels: nested 33 deep at most, then the rest by full name.
        int depth = 0;
        for (QTreeWidgetItem *n = account->child(4); n && n->childCount(); n = n->child(0))
            ++depth;
        QVERIFY2(depth <= 34, qPrintable(QString::number(depth)));
        QVERIFY(tree->folderItem(QStringLiteral("work"), deep));
        // A nested folder is found and shown like any other.
        QTreeWidgetItem *dev = tree->folderItem(QStringLiteral("work"), QStringLiteral("Lists/dev"));
        QVERIFY(dev);
        tree->setCurrentItem(dev);
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        QTRY_COMPARE(list->model()->rowCount(), 1);
        QCOMPARE(list->model()->index(0, 1).data().toString(), QStringLiteral("build"));
    }

    void unifiedInboxAcrossAccountsWithOptOut()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        for (const char *a : {"work", "home", "club"})
            test::addLoopbackAccount(profile, QLatin1String(a), true);
        {
            auto db = openCache(profile);
            QVERIFY(db);
            store::MessageStore m(*db);
            QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), "From: boss@x\r\nSubject: work mail\r\n\r\n.\r\n").ok());
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("INBOX"), "From: mum@x\r\nSubject: home mail\r\n\r\n.\r\n").ok());
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("INBOX"), "From: dad@x\r\nSubject: home read\r\n\r\n.\r\n", QStringLiteral("\\Seen")).ok());
            QVERIFY(m.insert(QStringLiteral("club"), QStringLiteral("INBOX"), "From: chair@x\r\nSubject: club mail\r\n\r\n.\r\n").ok());
            QVERIFY(m.insert(QStringLiteral("home"), QStringLiteral("Archive"), "From: mum@x\r\nSubject: not an inbox\r\n\r\n.\r\n").ok());
            // The IMAP copy the server knows by UID 7: actions on it go to home's journal.
            QVERIFY(db->exec(QStringLiteral("UPDATE messages SET uid = 7 WHERE subject = 'home mail'")).ok());
        }
        ui::DesktopSettings(profile.configDir()).setInUnifiedInbox(QStringLiteral("club"), false);
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ui::FolderTree *tree = folderTree(w);
        QTreeWidgetItem *unified = tree->topLevelItem(0);
        QCOMPARE(unified, tree->unifiedInbox());
        QCOMPARE(unified->text(0), QStringLiteral("Unified Inbox (2)"));   // work 1 + home 1; club opted out
        QCOMPARE(tree->currentItem(), unified);                           // where the window opens
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        QTRY_COMPARE(list->model()->rowCount(), 3);
        QVERIFY(rowWithSubject(list->model(), QStringLiteral("work mail")) >= 0);
        QVERIFY(rowWithSubject(list->model(), QStringLiteral("home read")) >= 0);
        QCOMPARE(rowWithSubject(list->model(), QStringLiteral("club mail")), -1);
        QCOMPARE(rowWithSubject(list->model(), QStringLiteral("not an inbox")), -1);

        // Flagging in the Unified Inbox is journaled for the account the message belongs to.
        list->setCurrentIndex(list->model()->index(rowWithSubject(list->model(), QStringLiteral("home mail")), 0));
        w.toggleFlag();
        {
            auto db = openCache(profile);
            auto entries = sync::OfflineJournal(*db).all(QStringLiteral("home"));
            QVERIFY(entries.ok());
            bool flagged = false;
            for (const auto &e : entries.value())
                flagged |= e.uid == 7 && e.mailbox == QLatin1String("INBOX") && e.arg.contains(QLatin1String("\\Flagged"));
            QVERIFY(flagged);
            QVERIFY(sync::OfflineJournal(*db).all(QStringLiteral("work")).value().isEmpty());
        }
        // Opened (read): the unified count drops with home's.
        QTRY_COMPARE(tree->unifiedInbox()->text(0), QStringLiteral("Unified Inbox (1)"));

        // Opting home out too leaves one Inbox: no Unified Inbox at all, each account's own instead.
        ui::DesktopSettings(profile.configDir()).setInUnifiedInbox(QStringLiteral("home"), false);
        ui::MainWindow w2(profile);
        QVERIFY(!folderTree(w2)->unifiedInbox());
        QCOMPARE(folderTree(w2)->topLevelItemCount(), 3);
    }

    void attachmentAndSecurityColumns()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"), true);
        {
            auto db = openCache(profile);
            QVERIFY(db);
            store::MessageStore m(*db);
            const auto add = [&](const QByteArray &subject, const QByteArray &rest) {
                QVERIFY(m.insert(QStringLiteral("work"), QStringLiteral("INBOX"), "From: a@x\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n" + rest).ok());
            };
            add("plain", "Content-Type: text/plain\r\n\r\nhello\r\n");
            add("with pdf", "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                            "--b\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
                            "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n");
            add("signed", "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=s\r\n\r\n"
                          "--s\r\nContent-Type: text/plain\r\n\r\nsigned text\r\n--s\r\nContent-Type: application/pgp-signature\r\n\r\n"
                          "-----BEGIN PGP SIGNATURE-----\r\nx\r\n-----END PGP SIGNATURE-----\r\n--s--\r\n");
            add("smime", "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n"
                         "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQA=\r\n");
            add("pgp", "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=e\r\n\r\n"
                       "--e\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--e\r\nContent-Type: application/octet-stream\r\n\r\n"
                       "-----BEGIN PGP MESSAGE-----\r\nx\r\n-----END PGP MESSAGE-----\r\n--e--\r\n");
            add("signed data", "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\n\r\nMIA=\r\n");
            // An IMAP message whose body is not here: the server's BODYSTRUCTURE tells.
            add("imap attachment", "Content-Type: text/plain\r\n\r\n");
            QVERIFY(db->exec(QStringLiteral("DELETE FROM bodies WHERE message_id = (SELECT id FROM messages WHERE subject = 'imap attachment')")).ok());
            QVERIFY(db->exec(QStringLiteral("UPDATE messages SET uid = 3, bodystructure = ? WHERE subject = 'imap attachment'"),
                             {QStringLiteral("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 5 1 NIL NIL NIL NIL)"
                                             "(\"IMAGE\" \"PNG\" (\"NAME\" \"cat.png\") NIL NIL \"BASE64\" 1000 NIL (\"attachment\" (\"FILENAME\" \"cat.png\")) NIL NIL) "
                                             "\"MIXED\" (\"BOUNDARY\" \"x\") NIL NIL NIL)")}).ok());
        }
        ui::MainWindow w(profile);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        QAbstractItemModel *model = list->model();
        QTRY_COMPARE(model->rowCount(), 7);
        const int attachment = columnByTooltip(model, QStringLiteral("Attachments"));
        const int security = columnByTooltip(model, QStringLiteral("Signed or encrypted"));
        QVERIFY(attachment > 0 && security > 0);
        QVERIFY(!list->isColumnHidden(attachment) && !list->isColumnHidden(security));
        const auto cell = [&](const char *subject, int column) {
            const int row = rowWithSubject(model, QLatin1String(subject));
            return row < 0 ? QStringLiteral("(no row)") : model->index(row, column).data(Qt::ToolTipRole).toString();
        };
        QCOMPARE(cell("plain", attachment), QString());
        QCOMPARE(cell("plain", security), QString());
        QCOMPARE(cell("with pdf", attachment), QStringLiteral("Has attachments"));
        QCOMPARE(cell("with pdf", security), QString());
        QCOMPARE(cell("signed", security), QStringLiteral("Signed"));
        QCOMPARE(cell("signed", attachment), QString());   // the signature part is no attachment
        QCOMPARE(cell("smime", security), QStringLiteral("Encrypted"));
        QCOMPARE(cell("smime", attachment), QString());
        QCOMPARE(cell("pgp", security), QStringLiteral("Encrypted"));
        QCOMPARE(cell("pgp", attachment), QString());
        QCOMPARE(cell("signed data", security), QStringLiteral("Signed"));
        QCOMPARE(cell("imap attachment", attachment), QStringLiteral("Has attachments"));
        QCOMPARE(cell("imap attachment", security), QString());
        const QModelIndex pdf = model->index(rowWithSubject(model, QStringLiteral("with pdf")), attachment);
        QVERIFY(!pdf.data(Qt::DecorationRole).value<QIcon>().pixmap(16, 16).isNull());
        const QString outDir = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!outDir.isEmpty()) {
            QDir().mkpath(outDir);
            QVERIFY(w.grab().save(outDir + QStringLiteral("/main-window-columns.png")));
        }
    }

    void wideLayoutIsKept()
    {
        QTemporaryDir dir;
        const auto profile = store::Profile::resolve(dir.path());
        test::addLoopbackAccount(profile, QStringLiteral("work"), true);
        {
            ui::MainWindow w(profile);
            auto *splitter = w.findChild<QSplitter *>(QStringLiteral("messageSplitter"));
            QVERIFY(splitter);
            QCOMPARE(splitter->orientation(), Qt::Vertical);   // classic: the message below the list
            QVERIFY(w.action(QStringLiteral("layoutClassic"))->isChecked());
            w.action(QStringLiteral("layoutWide"))->trigger();
            QCOMPARE(splitter->orientation(), Qt::Horizontal);
            QVERIFY(!w.action(QStringLiteral("layoutClassic"))->isChecked());
        }
        ui::MainWindow again(profile);
        QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("messageSplitter"))->orientation(), Qt::Horizontal);
        QVERIFY(again.action(QStringLiteral("layoutWide"))->isChecked());
        again.action(QStringLiteral("layoutClassic"))->trigger();
        QCOMPARE(ui::DesktopSettings(profile.configDir()).layout(), ui::DesktopSettings::Layout::Classic);
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestFolderTree t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_folder_tree.moc"

package main

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The table and query below are FerretDB 1.24's own (backends/sqlite: metadata.DefaultColumn,
// metadata.IDColumn, collection.Query): a collection table has one JSON column, and a filter that
// is exactly {_id: <string>} becomes `WHERE _ferretdb_sjson->'$._id' = ?`.
const ferretQuery = `SELECT _ferretdb_sjson FROM "events_1a2b3c4d" WHERE _ferretdb_sjson->'$._id' = ?`

func plan(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`EXPLAIN QUERY PLAN `+ferretQuery, `"x"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return strings.Join(out, "; ")
}

func TestIndexerMakesTheIDPushdownASeek(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "test.sqlite")
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE "_ferretdb_collections" (name TEXT)`,
		`CREATE TABLE "events_1a2b3c4d" (_ferretdb_sjson TEXT)`,
		// FerretDB's own _id index, on an expression the pushdown does not use.
		`CREATE UNIQUE INDEX "events_1a2b3c4d__id_" ON "events_1a2b3c4d" (_ferretdb_sjson->"_id")`,
		`INSERT INTO "events_1a2b3c4d" VALUES ('{"_id":"x"}'), ('{"_id":"y"}')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	if p := plan(t, db); !strings.Contains(p, "SCAN") {
		t.Fatalf("before: expected a scan, got %q", p)
	}

	x := newIDIndexer(dir, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	defer x.closeAll()
	if n := x.once(context.Background()); n != 1 {
		t.Fatalf("created %d indexes, want 1 (the metadata table is left alone)", n)
	}
	if n := x.once(context.Background()); n != 0 {
		t.Fatalf("second pass created %d indexes, want 0", n)
	}
	// A real query first: it sees the new schema (EXPLAIN alone does not start a read and would show
	// the plan of the schema this connection last read).
	var doc string
	if err := db.QueryRow(ferretQuery, `"y"`).Scan(&doc); err != nil || doc != `{"_id":"y"}` {
		t.Fatalf("lookup: %q, %v", doc, err)
	}
	if p := plan(t, db); !strings.Contains(p, "USING INDEX events_1a2b3c4d"+idIndexSuffix) {
		t.Fatalf("after: expected the pushdown index, got %q", p)
	}
}

func TestIndexerFollowsADatabaseDroppedAndCreatedAgain(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "again.sqlite")
	create := func() {
		db, err := sql.Open("sqlite", "file:"+file)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`CREATE TABLE "jobs_5e6f7a8b" (_ferretdb_sjson TEXT)`); err != nil {
			t.Fatal(err)
		}
	}
	x := newIDIndexer(dir, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	defer x.closeAll()
	create()
	if n := x.once(context.Background()); n != 1 {
		t.Fatalf("first database: created %d indexes, want 1", n)
	}
	// FerretDB's dropDatabase removes the file; the same name comes back as a new, empty file.
	for _, f := range []string{file, file + "-wal", file + "-shm"} {
		_ = os.Remove(f)
	}
	create()
	if n := x.once(context.Background()); n != 1 {
		t.Fatalf("database created again: created %d indexes, want 1 (the old handle read the old file)", n)
	}
}

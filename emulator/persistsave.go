package emulator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
)

// saveEvery is how often the saver looks for changes: a change reaches the
// state file within about this long plus the write.
const saveEvery = 50 * time.Millisecond

// openState restores the state file if it exists (an unreadable, corrupt
// or incompatible one is an error naming it, never a silent reset), then
// starts saving changes to it.
func (s *Server) openState() error {
	path := s.opts.StateFile
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return fmt.Errorf("state file %s: its directory %s does not exist", path, filepath.Dir(path))
	}
	// A write cut short by kill -9 leaves its temporary file: remove it.
	if stale, _ := filepath.Glob(path + ".tmp-*"); len(stale) > 0 {
		for _, f := range stale {
			_ = os.Remove(f)
		}
		s.log.Info("removed temporary state files left by an earlier stop", "count", len(stale))
	}
	mark := func() { s.store.dirty.Store(true) }
	s.hooks.SetOnChange(mark)
	s.keys.SetOnChange(mark)
	s.chaos.SetOnChange(mark)
	s.clock.onChange = mark
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("state file %s: %w", path, err)
	default:
		if err := s.restore(data); err != nil {
			return fmt.Errorf("state file %s: %w", path, err)
		}
		s.finishPulls()
		s.log.Info("state restored", "file", path, "items", len(s.store.allItems()))
	}
	s.store.dirty.Store(true) // write at once: the file exists from the start
	s.saverDone = make(chan struct{})
	s.saverStop = make(chan struct{})
	go s.saver()
	return nil
}

// finishPulls completes transaction pulls a stop cut short.
func (s *Server) finishPulls() {
	st := s.store
	st.mu.RLock()
	var todo []string
	for id, ts := range st.tx {
		if ts.Status != ledger.HistoricalComplete {
			todo = append(todo, id)
		}
	}
	st.mu.RUnlock()
	for _, id := range todo {
		st.mu.RLock()
		ts := st.tx[id]
		initial := ts.Status == ledger.NotReady
		st.mu.RUnlock()
		if initial {
			s.pull(id, ts, false)
		}
		s.pull(id, ts, true)
	}
}

func (s *Server) saver() {
	defer close(s.saverDone)
	t := time.NewTicker(saveEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.saveIfChanged()
		case <-s.saverStop:
			s.saveIfChanged()
			return
		}
	}
}

func (s *Server) saveIfChanged() {
	if !s.store.dirty.Swap(false) {
		return
	}
	data, err := s.snapshot()
	if err == nil {
		err = writeAtomic(s.opts.StateFile, data)
	}
	if err != nil {
		s.store.dirty.Store(true) // try again next tick
		s.log.Error("saving state", "file", s.opts.StateFile, "err", err)
	}
}

// stopSaving writes the last changes and stops the saver.
func (s *Server) stopSaving() {
	if s.saverStop == nil {
		return
	}
	s.saveOnce.Do(func() { close(s.saverStop) })
	<-s.saverDone
}

// writeAtomic replaces path with data: a temporary file beside it, synced,
// then renamed over it, and the directory synced.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

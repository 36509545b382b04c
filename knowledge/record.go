package knowledge

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// castagnoli is the CRC-32C table; the CPU computes it (SSE 4.2, ARMv8).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// crcSize is the size of the checksum that ends every sealed record.
const crcSize = 4

// seal returns val followed by the CRC-32C of key and val (big-endian), so
// that a flipped bit in the value, or a value found under another key, is
// noticed when it is read.
func seal(key, val []byte) []byte {
	out := make([]byte, len(val), len(val)+crcSize)
	copy(out, val)
	return binary.BigEndian.AppendUint32(out, recordCRC(key, val))
}

func recordCRC(key, val []byte) uint32 {
	return crc32.Update(crc32.Checksum(key, castagnoli), castagnoli, val)
}

// errChecksum is a record whose checksum does not match.
var errChecksum = errors.New("checksum mismatch")

// unseal checks a record that seal wrote under key and returns its value,
// which shares rec's memory.
func unseal(key, rec []byte) ([]byte, error) {
	if rec == nil {
		return nil, errMissing
	}
	if len(rec) < crcSize {
		return nil, fmt.Errorf("record %q: %d bytes, shorter than its checksum", key, len(rec))
	}
	val := rec[:len(rec)-crcSize]
	if binary.BigEndian.Uint32(rec[len(val):]) != recordCRC(key, val) {
		return nil, fmt.Errorf("record %q: %w", key, errChecksum)
	}
	return val, nil
}

var errMissing = errors.New("missing")

// ErrDamaged is what every damaged or truncated knowledge base gives: a
// record whose checksum does not match, a record that does not decode, or
// a bbolt file whose pages do not hold together. errors.Is finds it in a
// *DamagedError.
var ErrDamaged = errors.New("damaged knowledge base")

// DamagedError says which file is damaged, what was found and how to
// recover.
type DamagedError struct {
	Path   string
	Detail string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("damaged knowledge base %s (%s): build a new one from the sources with 'visitbot index --db NEW.db SOURCE...' and use NEW.db (no SOURCE: the embedded article)", e.Path, e.Detail)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// damaged wraps err, unless it already is one, as the damage of path.
func damaged(path string, err error) error {
	var d *DamagedError
	if err == nil {
		return nil
	}
	if errors.As(err, &d) {
		if d.Path == "" {
			d.Path = path
		}
		return err
	}
	return &DamagedError{Path: path, Detail: err.Error()}
}

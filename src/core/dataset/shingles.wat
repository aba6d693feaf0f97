;; The shingle sketch's inner loop (see shingles.ts), in WebAssembly: a word 3-gram MinHash over
;; UTF-8 text. Per character it costs about half what the same loop costs in JavaScript, which
;; reads a string a character at a time and checks every access. `npm run build:wasm` assembles
;; this file into shingles-wasm.ts; a test holds the two to each other.
;;
;; Memory: the 64 bins (u32) at 0, the signature (64 x u16) at 384, the text from 512 (then 16
;; bytes of room), and, when asked for, each shingle's hash (u32) at `out`.
(module
  (memory (export "memory") 1)

  ;; MurmurHash3's finaliser, as fmix32 in hashing.ts.
  (func $fmix (param $h i32) (result i32)
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  ;; The hash of a window of three words.
  (func $window (param $w1 i32) (param $w2 i32) (param $w3 i32) (result i32)
    (call $fmix (i32.xor (i32.xor
      (i32.mul (local.get $w1) (i32.const 0x2545f491))
      (i32.mul (local.get $w2) (i32.const 0x9e3779b1)))
      (local.get $w3))))

  ;; Records shingle number `k`: its bin keeps the least value; its hash goes to `out` if asked for.
  (func $put (param $h i32) (param $out i32) (param $k i32) (result i32)
    (local $bin i32) (local $v i32)
    (local.set $bin (i32.shl (i32.shr_u (local.get $h) (i32.const 26)) (i32.const 2)))
    (local.set $v (i32.and (local.get $h) (i32.const 0x3ffffff)))
    (if (i32.lt_u (local.get $v) (i32.load (local.get $bin)))
      (then (i32.store (local.get $bin) (local.get $v))))
    (if (local.get $out)
      (then (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $h))))
    (i32.add (local.get $k) (i32.const 1)))

  ;; Whether a character past ASCII is part of a word: not a space, nor general or CJK punctuation.
  (func $isWideWordChar (param $c i32) (result i32)
    (if (i32.or (i32.eq (local.get $c) (i32.const 0xa0)) (i32.eq (local.get $c) (i32.const 0x1680)))
      (then (return (i32.const 0))))
    ;; U+2000–200B spaces, U+2010–2029 dashes, quotes and separators, U+202F–205F punctuation and spaces.
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 0x2000)) (i32.const 0x0b)) (then (return (i32.const 0))))
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 0x2010)) (i32.const 0x19)) (then (return (i32.const 0))))
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 0x202f)) (i32.const 0x30)) (then (return (i32.const 0))))
    ;; U+3000 ideographic space and U+3001–303F CJK punctuation; U+FF01–FF0F full-width punctuation.
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 0x3000)) (i32.const 0x3f)) (then (return (i32.const 0))))
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 0xff01)) (i32.const 0x0e)) (then (return (i32.const 0))))
    (i32.ne (local.get $c) (i32.const 0xfeff)))

  ;; Empties the bins.
  (func $reset (export "reset")
    (local $at i32)
    (loop $bins
      (i64.store (local.get $at) (i64.const -1))
      (local.set $at (i32.add (local.get $at) (i32.const 8)))
      (br_if $bins (i32.lt_u (local.get $at) (i32.const 256)))))

  ;; Adds the shingles of the `n` bytes of valid UTF-8 at `at` to the bins; returns how many there
  ;; were. Words are runs of word characters; ideographs are words one by one; a text of one or
  ;; two words is one shingle. With `out` not 0, each shingle's hash is also written there.
  ;; Runs of ASCII are classified 16 bytes at a time and words hashed 8 bytes at a time, so the
  ;; loop branches per word rather than per byte; characters past ASCII are read one by one.
  ;; The 16 bytes after the text must be free: they are set to spaces, which end a last word.
  (func $addText (param $at i32) (param $n i32) (param $out i32) (result i32)
    (local $p i32) (local $end i32) (local $bp i32) (local $ws i32) (local $s i32) (local $e i32)
    (local $starts i32) (local $ends i32) (local $m i32) (local $len i32) (local $lm i32)
    (local $c i32) (local $cp i32) (local $size i32) (local $v v128) (local $x i64) (local $wh i64)
    (local $word i32) (local $count i32) (local $w1 i32) (local $w2 i32) (local $k i32)
    (local $h i32) (local $bin i32) (local $val i32)
    (local.set $p (local.get $at))
    (local.set $end (i32.add (local.get $at) (local.get $n)))
    (local.set $ws (i32.const -1)) ;; where the open word starts; -1: none is open
    (v128.store (local.get $end) (i8x16.splat (i32.const 0x20)))
    (block $done
      (loop $words
        (block $emit ;; left with the next word in [$s, $e)
          (loop $scan
            ;; A word that ends in the current block of ASCII (its start is open or in the block).
            (if (local.get $ends) (then
              (if (i32.lt_s (local.get $ws) (i32.const 0)) (then
                (local.set $ws (i32.add (local.get $bp) (i32.ctz (local.get $starts))))
                (local.set $starts (i32.and (local.get $starts) (i32.sub (local.get $starts) (i32.const 1))))))
              (local.set $s (local.get $ws))
              (local.set $e (i32.add (local.get $bp) (i32.ctz (local.get $ends))))
              (local.set $ends (i32.and (local.get $ends) (i32.sub (local.get $ends) (i32.const 1))))
              (local.set $ws (i32.const -1))
              (br $emit)))
            ;; A word that starts in the block and goes on past it.
            (if (local.get $starts) (then
              (local.set $ws (i32.add (local.get $bp) (i32.ctz (local.get $starts))))
              (local.set $starts (i32.const 0))))
            (if (i32.ge_u (local.get $p) (local.get $end)) (then
              (br_if $done (i32.lt_s (local.get $ws) (i32.const 0)))
              (local.set $s (local.get $ws))
              (local.set $e (local.get $end))
              (local.set $ws (i32.const -1))
              (br $emit)))
            ;; The next block: the bytes at $p before the first one past ASCII, at most 16.
            (local.set $v (v128.load (local.get $p)))
            (local.set $m (i8x16.bitmask (local.get $v)))
            (local.set $len (select (i32.ctz (local.get $m)) (i32.const 16) (local.get $m)))
            (if (local.get $len) (then
              (local.set $lm (i32.sub (i32.shl (i32.const 1) (local.get $len)) (i32.const 1)))
              ;; Word characters: letters (folded to lower case by setting 0x20) and digits.
              (local.set $m (i32.and (local.get $lm) (i8x16.bitmask (v128.or
                (i8x16.lt_u (i8x16.sub (v128.or (local.get $v) (i8x16.splat (i32.const 0x20))) (i8x16.splat (i32.const 0x61))) (i8x16.splat (i32.const 26)))
                (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x30))) (i8x16.splat (i32.const 10)))))))
              ;; Bit i of $c: whether the byte before byte i is a word character.
              (local.set $c (i32.or (i32.shl (local.get $m) (i32.const 1)) (i32.ge_s (local.get $ws) (i32.const 0))))
              (local.set $starts (i32.and (local.get $m) (i32.xor (local.get $c) (i32.const -1))))
              (local.set $ends (i32.and (i32.and (local.get $c) (local.get $lm)) (i32.xor (local.get $m) (i32.const -1))))
              (local.set $bp (local.get $p))
              (local.set $p (i32.add (local.get $p) (local.get $len)))
              (br $scan)))
            ;; A character past ASCII.
            (local.set $c (i32.load8_u (local.get $p)))
            (local.set $cp (i32.const 0))
            (if (i32.ge_u (local.get $c) (i32.const 0xf0))
              (then (local.set $size (i32.const 4))) ;; past U+FFFF: a word character
              (else
                (if (i32.lt_u (local.get $c) (i32.const 0xe0))
                  (then
                    (local.set $cp (i32.or
                      (i32.shl (i32.and (local.get $c) (i32.const 0x1f)) (i32.const 6))
                      (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f))))
                    (local.set $size (i32.const 2)))
                  (else
                    (local.set $cp (i32.or (i32.or
                      (i32.shl (i32.and (local.get $c) (i32.const 0x0f)) (i32.const 12))
                      (i32.shl (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f)) (i32.const 6)))
                      (i32.and (i32.load8_u offset=2 (local.get $p)) (i32.const 0x3f))))
                    (local.set $size (i32.const 3))))
                (if (i32.eqz (call $isWideWordChar (local.get $cp))) (then
                  ;; A separator: it ends the open word, if any.
                  (local.set $p (i32.add (local.get $p) (local.get $size)))
                  (br_if $scan (i32.lt_s (local.get $ws) (i32.const 0)))
                  (local.set $s (local.get $ws))
                  (local.set $e (i32.sub (local.get $p) (local.get $size)))
                  (local.set $ws (i32.const -1))
                  (br $emit)))))
            (if (i32.lt_s (local.get $ws) (i32.const 0)) (then (local.set $ws (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $size)))
            ;; Ideographs (U+2E80–D7AF) carry meaning one by one: each ends its word.
            (br_if $scan (i32.gt_u (i32.sub (local.get $cp) (i32.const 0x2e80)) (i32.const 0xa92f)))
            (local.set $s (local.get $ws))
            (local.set $e (local.get $p))
            (local.set $ws (i32.const -1))))
        ;; The word's hash: its UTF-8 bytes, ASCII letters folded to lower case, 8 at a time.
        (local.set $len (i32.sub (local.get $e) (local.get $s)))
        (local.set $wh (i64.const 0x9e3779b97f4a7c15))
        (loop $blocks
          (local.set $v (v128.load (local.get $s)))
          (local.set $v (v128.or (local.get $v) (v128.and (i8x16.splat (i32.const 0x20))
            (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x41))) (i8x16.splat (i32.const 26))))))
          (local.set $x (i64x2.extract_lane 0 (local.get $v)))
          (if (i32.lt_u (local.get $len) (i32.const 8)) (then
            (local.set $x (i64.and (local.get $x) (i64.shr_u (i64.const -1) (i64.extend_i32_u (i32.sub (i32.const 64) (i32.shl (local.get $len) (i32.const 3)))))))))
          (local.set $wh (i64.rotl (i64.mul (i64.xor (local.get $wh) (local.get $x)) (i64.const 0xff51afd7ed558ccd)) (i64.const 31)))
          (if (i32.gt_u (local.get $len) (i32.const 8)) (then
            (local.set $x (i64x2.extract_lane 1 (local.get $v)))
            (if (i32.lt_u (local.get $len) (i32.const 16)) (then
              (local.set $x (i64.and (local.get $x) (i64.shr_u (i64.const -1) (i64.extend_i32_u (i32.sub (i32.const 128) (i32.shl (local.get $len) (i32.const 3)))))))))
            (local.set $wh (i64.rotl (i64.mul (i64.xor (local.get $wh) (local.get $x)) (i64.const 0xff51afd7ed558ccd)) (i64.const 31)))))
          (local.set $s (i32.add (local.get $s) (i32.const 16)))
          (local.set $len (i32.sub (local.get $len) (i32.const 16)))
          (br_if $blocks (i32.gt_s (local.get $len) (i32.const 0))))
        (local.set $word (i32.wrap_i64 (i64.xor (local.get $wh) (i64.shr_u (local.get $wh) (i64.const 32)))))
        ;; The window of the word and the two before it is a shingle.
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (if (i32.ge_u (local.get $count) (i32.const 3)) (then
          ;; $window and $put, written out: calls are not inlined by every engine.
          (local.set $h (i32.xor (i32.xor
            (i32.mul (local.get $w1) (i32.const 0x2545f491))
            (i32.mul (local.get $w2) (i32.const 0x9e3779b1)))
            (local.get $word)))
          (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
          (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
          (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
          (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
          (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
          (local.set $bin (i32.shl (i32.shr_u (local.get $h) (i32.const 26)) (i32.const 2)))
          (local.set $val (i32.and (local.get $h) (i32.const 0x3ffffff)))
          ;; The least value, stored without a branch: whether it is less is hard to predict.
          (local.set $c (i32.load (local.get $bin)))
          (i32.store (local.get $bin) (select (local.get $val) (local.get $c) (i32.lt_u (local.get $val) (local.get $c))))
          (if (local.get $out)
            (then (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $h))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (local.set $w1 (local.get $w2))
        (local.set $w2 (local.get $word))
        (br $words)))
    (if (i32.eq (local.get $count) (i32.const 1)) (then
      (return (call $put (call $fmix (local.get $w2)) (local.get $out) (i32.const 0)))))
    (if (i32.eq (local.get $count) (i32.const 2)) (then
      (return (call $put (call $window (local.get $w1) (local.get $w2) (i32.const 0x5bd1e995)) (local.get $out) (i32.const 0)))))
    (local.get $k))

  ;; Writes the signature at `dst`: each bin's value, or for an empty bin the value of the next
  ;; filled bin around the circle, mixed with the distance to it ("rotation" densification), so
  ;; short texts, which leave most bins empty, still compare fairly; 16 bits a bin.
  (func $signatureAt (param $dst i32)
    (local $filled i32) (local $next i32) (local $distance i32) (local $step i32) (local $j i32) (local $v i32) (local $h i32)
    (block $found
      (loop $seek
        (br_if $found (i32.ne (i32.load (i32.shl (local.get $filled) (i32.const 2))) (i32.const -1)))
        (local.set $filled (i32.add (local.get $filled) (i32.const 1)))
        (br_if $seek (i32.lt_u (local.get $filled) (i32.const 64))))
      (return)) ;; no filled bin: no signature
    ;; Walk backwards around the circle from the filled bin, remembering the nearest filled bin ahead.
    (local.set $next (i32.load (i32.shl (local.get $filled) (i32.const 2))))
    (loop $walk
      (local.set $j (i32.and (i32.sub (local.get $filled) (local.get $step)) (i32.const 63)))
      (local.set $v (i32.load (i32.shl (local.get $j) (i32.const 2))))
      ;; Without a branch: which bins are empty is a coin toss on short texts.
      (local.set $distance (select (i32.const 0) (i32.add (local.get $distance) (i32.const 1)) (i32.ne (local.get $v) (i32.const -1))))
      (local.set $next (select (local.get $v) (local.get $next) (i32.ne (local.get $v) (i32.const -1))))
      ;; $fmix, written out.
      (local.set $h (i32.add (local.get $next) (i32.mul (local.get $distance) (i32.const 0x9e3779b9))))
      (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
      (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
      (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
      (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
      (i32.store16 (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 1)))
        (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
      (local.set $step (i32.add (local.get $step) (i32.const 1)))
      (br_if $walk (i32.lt_u (local.get $step) (i32.const 64)))))
;; The text at 512, for a single sketch (see ShingleSketch in shingles.ts).
  (func (export "add") (param $n i32) (param $out i32) (result i32)
    (call $addText (i32.const 512) (local.get $n) (local.get $out)))

  (func (export "signature")
    (call $signatureAt (i32.const 384)))

  ;; Sketches `n` rows at once (see SketchBatch in shingles.ts). Row i's texts are entries
  ;; rows[i] to rows[i + 1] - 1 of the table at `texts` (byte offset, byte length: two i32s
  ;; each). Writes each row's shingle count (i32) at counts + 4i. The rows with at least `min`
  ;; shingles, j = 0, 1, … in order, get their signature at sigs + 128j and band b's key at
  ;; keys + 4(bn + j), for the 8 bands of 8 bins (FNV-1a of the bins' 16-bit values, then fmix).
  ;; Returns how many rows those were.
  (func (export "sketchRows") (param $n i32) (param $rows i32) (param $texts i32) (param $counts i32)
    (param $sigs i32) (param $keys i32) (param $min i32) (result i32)
    (local $i i32) (local $t i32) (local $last i32) (local $count i32) (local $j i32)
    (local $sig i32) (local $band i32) (local $bin i32) (local $h i32)
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (call $reset)
        (local.set $count (i32.const 0))
        (local.set $t (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $last (i32.load offset=4 (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
        (block $textsDone
          (loop $text
            (br_if $textsDone (i32.ge_u (local.get $t) (local.get $last)))
            (local.set $count (i32.add (local.get $count) (call $addText
              (i32.load (i32.add (local.get $texts) (i32.shl (local.get $t) (i32.const 3))))
              (i32.load offset=4 (i32.add (local.get $texts) (i32.shl (local.get $t) (i32.const 3))))
              (i32.const 0))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $text)))
        (i32.store (i32.add (local.get $counts) (i32.shl (local.get $i) (i32.const 2))) (local.get $count))
        (if (i32.ge_u (local.get $count) (local.get $min)) (then
          (local.set $sig (i32.add (local.get $sigs) (i32.shl (local.get $j) (i32.const 7))))
          (call $signatureAt (local.get $sig))
          (local.set $band (i32.const 0))
          (loop $bands
            (local.set $h (i32.xor (i32.const 0x811c9dc5) (local.get $band)))
            (local.set $bin (i32.const 0))
            (loop $bins
              (local.set $h (i32.mul
                (i32.xor (local.get $h) (i32.load16_u (i32.add (local.get $sig) (i32.shl (i32.add (i32.shl (local.get $band) (i32.const 3)) (local.get $bin)) (i32.const 1)))))
                (i32.const 0x01000193)))
              (local.set $bin (i32.add (local.get $bin) (i32.const 1)))
              (br_if $bins (i32.lt_u (local.get $bin) (i32.const 8))))
            (i32.store
              (i32.add (local.get $keys) (i32.shl (i32.add (i32.mul (local.get $band) (local.get $n)) (local.get $j)) (i32.const 2)))
              (call $fmix (local.get $h)))
            (local.set $band (i32.add (local.get $band) (i32.const 1)))
            (br_if $bands (i32.lt_u (local.get $band) (i32.const 8))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    (local.get $j))
)

;; The shingle sketch's inner loop (see shingles.ts), in WebAssembly: a word 3-gram MinHash over
;; UTF-8 text. Per character it costs about half what the same loop costs in JavaScript, which
;; reads a string a character at a time and checks every access. `npm run build:wasm` assembles
;; this file into shingles-wasm.ts; a test holds the two to each other.
;;
;; Memory: the 64 bins (u32) at 0, the word-character table at 256, the signature (64 x u16) at
;; 384, the text from 512, and, when asked for, each shingle's hash (u32) at `out`.
(module
  (memory (export "memory") 1)

  ;; ASCII word characters (letters and digits), letters folded to lower case; 0 ends a word.
  (data (i32.const 304) "0123456789")
  (data (i32.const 321) "abcdefghijklmnopqrstuvwxyz")
  (data (i32.const 353) "abcdefghijklmnopqrstuvwxyz")

  ;; MurmurHash3's finaliser, as fmix32 in hashing.ts.
  (func $fmix (param $h i32) (result i32)
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  ;; FNV-1a step: a word's hash takes one more character (a UTF-16 code unit).
  (func $step (param $word i32) (param $c i32) (result i32)
    (i32.mul (i32.xor (local.get $word) (local.get $c)) (i32.const 0x01000193)))

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
  (func (export "reset")
    (local $at i32)
    (loop $bins
      (i64.store (local.get $at) (i64.const -1))
      (local.set $at (i32.add (local.get $at) (i32.const 8)))
      (br_if $bins (i32.lt_u (local.get $at) (i32.const 256)))))

  ;; Adds the shingles of the `n` bytes of valid UTF-8 at 512 to the bins; returns how many there
  ;; were. Words are runs of word characters; ideographs are words one by one; a text of one or
  ;; two words is one shingle. With `out` not 0, each shingle's hash is also written there.
  (func (export "add") (param $n i32) (param $out i32) (result i32)
    (local $p i32) (local $end i32) (local $c i32) (local $f i32) (local $cp i32)
    (local $word i32) (local $inWord i32) (local $count i32) (local $w1 i32) (local $w2 i32) (local $k i32)
    (local $h i32) (local $bin i32) (local $v i32)
    (local.set $p (i32.const 512))
    (local.set $end (i32.add (i32.const 512) (local.get $n)))
    (local.set $word (i32.const 0x811c9dc5))
    (block $done
      (loop $next
        (block $wordEnds
          (if (i32.ge_u (local.get $p) (local.get $end)) (then
            ;; The end of the text ends the last word.
            (br_if $done (i32.eqz (local.get $inWord)))
            (local.set $p (i32.add (local.get $end) (i32.const 1)))
            (br $wordEnds)))
          (local.set $c (i32.load8_u (local.get $p)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (if (i32.lt_u (local.get $c) (i32.const 0x80)) (then
            (local.set $f (i32.load8_u offset=256 (local.get $c)))
            (if (local.get $f) (then
              ;; $step, written out: calls are not inlined by every engine.
              (local.set $word (i32.mul (i32.xor (local.get $word) (local.get $f)) (i32.const 0x01000193)))
              (local.set $inWord (i32.const 1))
              (br $next)))
            (br_if $next (i32.eqz (local.get $inWord)))
            (br $wordEnds)))
          (if (i32.ge_u (local.get $c) (i32.const 0xf0)) (then
            ;; Past U+FFFF: two UTF-16 code units (a surrogate pair), word characters both.
            (local.set $cp (i32.sub (i32.or (i32.or (i32.or
              (i32.shl (i32.and (local.get $c) (i32.const 0x07)) (i32.const 18))
              (i32.shl (i32.and (i32.load8_u (local.get $p)) (i32.const 0x3f)) (i32.const 12)))
              (i32.shl (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f)) (i32.const 6)))
              (i32.and (i32.load8_u offset=2 (local.get $p)) (i32.const 0x3f)))
              (i32.const 0x10000)))
            (local.set $p (i32.add (local.get $p) (i32.const 3)))
            (local.set $word (call $step (local.get $word) (i32.add (i32.const 0xd800) (i32.shr_u (local.get $cp) (i32.const 10)))))
            (local.set $word (call $step (local.get $word) (i32.add (i32.const 0xdc00) (i32.and (local.get $cp) (i32.const 0x3ff)))))
            (local.set $inWord (i32.const 1))
            (br $next)))
          (if (i32.lt_u (local.get $c) (i32.const 0xe0))
            (then
              (local.set $c (i32.or
                (i32.shl (i32.and (local.get $c) (i32.const 0x1f)) (i32.const 6))
                (i32.and (i32.load8_u (local.get $p)) (i32.const 0x3f))))
              (local.set $p (i32.add (local.get $p) (i32.const 1))))
            (else
              (local.set $c (i32.or (i32.or
                (i32.shl (i32.and (local.get $c) (i32.const 0x0f)) (i32.const 12))
                (i32.shl (i32.and (i32.load8_u (local.get $p)) (i32.const 0x3f)) (i32.const 6)))
                (i32.and (i32.load8_u offset=1 (local.get $p)) (i32.const 0x3f))))
              (local.set $p (i32.add (local.get $p) (i32.const 2)))))
          (if (call $isWideWordChar (local.get $c)) (then
            (local.set $word (call $step (local.get $word) (local.get $c)))
            (local.set $inWord (i32.const 1))
            ;; Ideographs (U+2E80–D7AF) carry meaning one by one: each ends its word.
            (br_if $next (i32.or (i32.lt_u (local.get $c) (i32.const 0x2e80)) (i32.gt_u (local.get $c) (i32.const 0xd7af))))))
          (br_if $next (i32.eqz (local.get $inWord))))
        ;; A word ends: the window of it and the two before it is a shingle.
        (local.set $inWord (i32.const 0))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (if (i32.ge_u (local.get $count) (i32.const 3)) (then
          ;; $window and $put, written out as well.
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
          (local.set $v (i32.and (local.get $h) (i32.const 0x3ffffff)))
          (if (i32.lt_u (local.get $v) (i32.load (local.get $bin)))
            (then (i32.store (local.get $bin) (local.get $v))))
          (if (local.get $out)
            (then (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $h))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (local.set $w1 (local.get $w2))
        (local.set $w2 (local.get $word))
        (local.set $word (i32.const 0x811c9dc5))
        (br_if $next (i32.le_u (local.get $p) (local.get $end)))))
    (if (i32.eq (local.get $count) (i32.const 1)) (then
      (return (call $put (call $fmix (local.get $w2)) (local.get $out) (i32.const 0)))))
    (if (i32.eq (local.get $count) (i32.const 2)) (then
      (return (call $put (call $window (local.get $w1) (local.get $w2) (i32.const 0x5bd1e995)) (local.get $out) (i32.const 0)))))
    (local.get $k))
;; Writes the signature at 384: each bin's value, or for an empty bin the value of the next
  ;; filled bin around the circle, mixed with the distance to it ("rotation" densification), so
  ;; short texts, which leave most bins empty, still compare fairly; 16 bits a bin.
  (func (export "signature")
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
      (if (i32.ne (local.get $v) (i32.const -1))
        (then
          (local.set $next (local.get $v))
          (local.set $distance (i32.const 0)))
        (else (local.set $distance (i32.add (local.get $distance) (i32.const 1)))))
      ;; $fmix, written out.
      (local.set $h (i32.add (local.get $next) (i32.mul (local.get $distance) (i32.const 0x9e3779b9))))
      (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
      (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
      (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
      (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
      (i32.store16 offset=384 (i32.shl (local.get $j) (i32.const 1))
        (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
      (local.set $step (i32.add (local.get $step) (i32.const 1)))
      (br_if $walk (i32.lt_u (local.get $step) (i32.const 64)))))
)

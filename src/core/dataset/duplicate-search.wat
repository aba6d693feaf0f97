;; The duplicate searches of duplicates.ts, in WebAssembly: each runs once, at the end of a file,
;; where JavaScript would still be running unoptimised code (several times slower). `npm run
;; build:wasm` assembles this file into duplicate-search-wasm.ts; tests hold it to plain searches.
;;
;; Near repeats ("search"): rows are slots 0..m-1, each with a signature (64 x u16) and 8 band keys
;; (i32, band by band: band b of slot s at keys + 4 (b cap + s)). Slots sharing a band key are
;; candidates, confirmed on the whole signature. Exact repeats ("searchExact"): rows with equal
;; 64-bit fingerprints. The caller gives every region's offset; the memory is its own.
(module
  (memory (export "memory") 1)

  ;; Slots spread over buckets by the top bits of their key in one band, in slot order within a
  ;; bucket: bucket k is order[start[k], start[k + 1]). Returns the number of buckets.
  (func $bucket (param $keys i32) (param $m i32) (param $order i32) (param $start i32) (param $next i32) (result i32)
    (local $bits i32) (local $shift i32) (local $buckets i32) (local $i i32) (local $k i32) (local $at i32)
    (local.set $bits (i32.const 4))
    (block $sized
      (loop $grow
        (br_if $sized (i32.ge_u (local.get $bits) (i32.const 18)))
        (br_if $sized (i32.gt_u (i32.shl (i32.const 1) (i32.add (local.get $bits) (i32.const 2))) (local.get $m)))
        (local.set $bits (i32.add (local.get $bits) (i32.const 1)))
        (br $grow)))
    (local.set $shift (i32.sub (i32.const 32) (local.get $bits)))
    (local.set $buckets (i32.shl (i32.const 1) (local.get $bits)))
    ;; Counts, then starts.
    (local.set $k (i32.const 0))
    (loop $zero
      (i32.store (i32.add (local.get $start) (i32.shl (local.get $k) (i32.const 2))) (i32.const 0))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $zero (i32.le_u (local.get $k) (local.get $buckets))))
    (local.set $i (i32.const 0))
    (block $counted
      (loop $count
        (br_if $counted (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $at (i32.add (local.get $start) (i32.shl (i32.add (i32.shr_u
          (i32.load (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 2))))
          (local.get $shift)) (i32.const 1)) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count)))
    (local.set $k (i32.const 0))
    (loop $sum
      (i32.store (i32.add (local.get $next) (i32.shl (local.get $k) (i32.const 2)))
        (i32.load (i32.add (local.get $start) (i32.shl (local.get $k) (i32.const 2)))))
      (i32.store (i32.add (local.get $start) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2)))
        (i32.add
          (i32.load (i32.add (local.get $start) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2))))
          (i32.load (i32.add (local.get $start) (i32.shl (local.get $k) (i32.const 2))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $sum (i32.lt_u (local.get $k) (local.get $buckets))))
    ;; Scatter, in slot order.
    (local.set $i (i32.const 0))
    (block $scattered
      (loop $scatter
        (br_if $scattered (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $at (i32.add (local.get $next) (i32.shl (i32.shr_u
          (i32.load (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 2))))
          (local.get $shift)) (i32.const 2))))
        (i32.store (i32.add (local.get $order) (i32.shl (i32.load (local.get $at)) (i32.const 2))) (local.get $i))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scatter)))
    (local.get $buckets))

  ;; The key of the slot at order[i].
  (func $keyAt (param $keys i32) (param $order i32) (param $i i32) (result i32)
    (i32.load (i32.add (local.get $keys) (i32.shl
      (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2))))
      (i32.const 2)))))

  ;; Orders order[from, to) by key, keeping slot order among equal keys (insertion sort: a big
  ;; bucket is one of many equal keys, nearly in order already).
  (func $sortBucket (param $keys i32) (param $order i32) (param $from i32) (param $to i32)
    (local $i i32) (local $j i32) (local $slot i32) (local $key i32)
    (local.set $i (i32.add (local.get $from) (i32.const 1)))
    (block $sorted
      (loop $each
        (br_if $sorted (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $slot (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $key (i32.load (i32.add (local.get $keys) (i32.shl (local.get $slot) (i32.const 2)))))
        (local.set $j (local.get $i))
        (block $placed
          (loop $shift
            (br_if $placed (i32.le_u (local.get $j) (local.get $from)))
            (br_if $placed (i32.le_s (call $keyAt (local.get $keys) (local.get $order) (i32.sub (local.get $j) (i32.const 1))) (local.get $key)))
            (i32.store (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))
              (i32.load (i32.add (local.get $order) (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 2)))))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $shift)))
        (i32.store (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2))) (local.get $slot))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))

  ;; Bins two signatures have in common (of 64).
  (func $sameBins (param $a i32) (param $b i32) (result i32)
    (local $j i32) (local $same i32)
    (loop $bins
      (local.set $same (i32.add (local.get $same) (i32.eq
        (i32.load16_u (i32.add (local.get $a) (local.get $j)))
        (i32.load16_u (i32.add (local.get $b) (local.get $j))))))
      (local.set $j (i32.add (local.get $j) (i32.const 2)))
      (br_if $bins (i32.lt_u (local.get $j) (i32.const 128))))
    (local.get $same))

  ;; For each slot, the earlier slot it repeats most nearly (near, i32, -1 for none; set by the
  ;; caller) with the similarity in percent (percent, u8, 0 for none). In each band, each slot is
  ;; compared with at most `maxCompared` earlier slots of its key; a pair counts from `minEqual`
  ;; equal bins; buckets of more than `smallBucket` slots are sorted by key first.
  (func (export "search")
    (param $m i32) (param $cap i32) (param $sigs i32) (param $keys i32) (param $order i32) (param $start i32) (param $next i32)
    (param $near i32) (param $percent i32) (param $minEqual i32) (param $maxCompared i32) (param $smallBucket i32)
    (local $band i32)
    ;; A call per band: the engine runs a function's first call in baseline code, and only a later
    ;; call gets its optimised code.
    (loop $bands
      (call $searchBand (local.get $m) (local.get $sigs)
        (i32.add (local.get $keys) (i32.shl (i32.mul (local.get $band) (local.get $cap)) (i32.const 2)))
        (local.get $order) (local.get $start) (local.get $next) (local.get $near) (local.get $percent)
        (local.get $minEqual) (local.get $maxCompared) (local.get $smallBucket))
      (local.set $band (i32.add (local.get $band) (i32.const 1)))
      (br_if $bands (i32.lt_u (local.get $band) (i32.const 8)))))

  ;; The search in one band, whose keys are at `bandKeys`.
  (func $searchBand
    (param $m i32) (param $sigs i32) (param $bandKeys i32) (param $order i32) (param $start i32) (param $next i32)
    (param $near i32) (param $percent i32) (param $minEqual i32) (param $maxCompared i32) (param $smallBucket i32)
    (local $buckets i32) (local $k i32) (local $from i32) (local $to i32)
    (local $sorted i32) (local $first i32) (local $i i32) (local $j i32) (local $later i32) (local $earlier i32)
    (local $laterKey i32) (local $compared i32) (local $same i32) (local $pct i32)
    (local.set $buckets (call $bucket (local.get $bandKeys) (local.get $m) (local.get $order) (local.get $start) (local.get $next)))
    (local.set $k (i32.const 0))
    (loop $eachBucket
      (local.set $from (i32.load (i32.add (local.get $start) (i32.shl (local.get $k) (i32.const 2)))))
      (local.set $to (i32.load (i32.add (local.get $start) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 2)))))
      (if (i32.ge_u (i32.sub (local.get $to) (local.get $from)) (i32.const 2)) (then
        (local.set $sorted (i32.gt_u (i32.sub (local.get $to) (local.get $from)) (local.get $smallBucket)))
        (if (local.get $sorted) (then (call $sortBucket (local.get $bandKeys) (local.get $order) (local.get $from) (local.get $to))))
        ;; Slots of this bucket, in slot order: each compared with the first few before it.
        (local.set $first (local.get $from))
        (local.set $i (i32.add (local.get $from) (i32.const 1)))
        (loop $eachLater
          (local.set $later (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $laterKey (i32.load (i32.add (local.get $bandKeys) (i32.shl (local.get $later) (i32.const 2)))))
          (if (i32.and (local.get $sorted)
                (i32.ne (call $keyAt (local.get $bandKeys) (local.get $order) (i32.sub (local.get $i) (i32.const 1))) (local.get $laterKey)))
            (then (local.set $first (local.get $i))))
          (local.set $compared (i32.const 0))
          (local.set $j (local.get $first))
          (block $enough
            (loop $eachEarlier
              (br_if $enough (i32.ge_u (local.get $j) (local.get $i)))
              (br_if $enough (i32.ge_u (local.get $compared) (local.get $maxCompared)))
              (local.set $earlier (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))))
              (if (i32.eq (i32.load (i32.add (local.get $bandKeys) (i32.shl (local.get $earlier) (i32.const 2)))) (local.get $laterKey)) (then
                (local.set $compared (i32.add (local.get $compared) (i32.const 1)))
                (local.set $same (call $sameBins
                  (i32.add (local.get $sigs) (i32.shl (local.get $later) (i32.const 7)))
                  (i32.add (local.get $sigs) (i32.shl (local.get $earlier) (i32.const 7)))))
                ;; Math.round(same / 64 * 100), in whole numbers.
                (local.set $pct (i32.div_u (i32.add (i32.mul (local.get $same) (i32.const 100)) (i32.const 32)) (i32.const 64)))
                (if (i32.and (i32.ge_u (local.get $same) (local.get $minEqual))
                      (i32.gt_u (local.get $pct) (i32.load8_u (i32.add (local.get $percent) (local.get $later)))))
                  (then
                    (i32.store (i32.add (local.get $near) (i32.shl (local.get $later) (i32.const 2))) (local.get $earlier))
                    (i32.store8 (i32.add (local.get $percent) (local.get $later)) (local.get $pct))))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $eachEarlier)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $eachLater (i32.lt_u (local.get $i) (local.get $to))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $eachBucket (i32.lt_u (local.get $k) (local.get $buckets)))))

  ;; Exact repeats (see ExactDuplicates in duplicates.ts): rows 0..n-1 with fingerprints a[r], b[r];
  ;; for each row equal to an earlier one, the pair (row, first equal row) is written at `tmp`.
  ;; Returns the number of pairs. The rows are radix-sorted by a first (records (a, row) at `rec`,
  ;; through `tmp`, with three counts of 2,048 at `hist`): every pass reads in order and the equal
  ;; rows end up side by side, where bucketing by the top bits of a scattered reads across the
  ;; whole table (twice as slow on a file of half a million rows).
  (func (export "searchExact")
    (param $n i32) (param $a i32) (param $b i32) (param $rec i32) (param $tmp i32) (param $hist i32)
    (param $smallBucket i32) (result i32)
    (local $from i32) (local $i i32)
    (call $sortByKey (local.get $n) (local.get $a) (local.get $rec) (local.get $tmp) (local.get $hist))
    ;; The rows in sorted order, at `rec` (free again).
    (block $listed
      (loop $list
        (br_if $listed (i32.ge_u (local.get $i) (local.get $n)))
        (call $listRows (local.get $tmp) (local.get $rec) (local.get $i) (call $sliceEnd (local.get $i) (local.get $n)))
        (local.set $i (call $sliceEnd (local.get $i) (local.get $n)))
        (br $list)))
    ;; Runs of rows with equal a. Pairs go to `tmp` from its start: pair k is written after key k
    ;; was read (there are fewer pairs than rows read). The count sits in `hist`, free again.
    (i32.store (local.get $hist) (i32.const 0))
    (block $done
      (loop $runs
        (br_if $done (i32.ge_u (local.get $from) (local.get $n)))
        (local.set $from (call $repeatsFrom (local.get $a) (local.get $b) (local.get $rec) (local.get $tmp) (local.get $hist)
          (local.get $from) (call $sliceEnd (local.get $from) (local.get $n)) (local.get $n) (local.get $smallBucket)))
        (br $runs)))
    (i32.load (local.get $hist)))

  ;; Long loops run in slices of 32,768 rows, each a call: the engine runs a function's first calls
  ;; in baseline code, and only a later call gets its optimised code (about twice as fast here).
  (func $sliceEnd (param $from i32) (param $n i32) (result i32)
    (select (local.get $n) (i32.add (local.get $from) (i32.const 32768))
      (i32.le_u (local.get $n) (i32.add (local.get $from) (i32.const 32768)))))

  (func $listRows (param $tmp i32) (param $order i32) (param $from i32) (param $to i32)
    (loop $list
      (i32.store (i32.add (local.get $order) (i32.shl (local.get $from) (i32.const 2)))
        (i32.load offset=4 (i32.add (local.get $tmp) (i32.shl (local.get $from) (i32.const 3)))))
      (local.set $from (i32.add (local.get $from) (i32.const 1)))
      (br_if $list (i32.lt_u (local.get $from) (local.get $to)))))

  ;; The repeats in the runs that start in [from, limit) (a run may go on past it); the count of
  ;; pairs is kept at `counter`. Returns where the next run starts.
  (func $repeatsFrom (param $a i32) (param $b i32) (param $order i32) (param $keys i32) (param $counter i32)
    (param $from i32) (param $limit i32) (param $n i32) (param $smallBucket i32) (result i32)
    (local $to i32) (local $key i32)
    (loop $eachRun
      (local.set $key (i32.load (i32.add (local.get $keys) (i32.shl (local.get $from) (i32.const 3)))))
      (local.set $to (i32.add (local.get $from) (i32.const 1)))
      (block $ended
        (loop $extend
          (br_if $ended (i32.ge_u (local.get $to) (local.get $n)))
          (br_if $ended (i32.ne (i32.load (i32.add (local.get $keys) (i32.shl (local.get $to) (i32.const 3)))) (local.get $key)))
          (local.set $to (i32.add (local.get $to) (i32.const 1)))
          (br $extend)))
      (if (i32.ge_u (i32.sub (local.get $to) (local.get $from)) (i32.const 2)) (then
        (i32.store (local.get $counter) (call $repeatsIn (local.get $a) (local.get $b) (local.get $order) (local.get $from) (local.get $to)
          (local.get $keys) (i32.load (local.get $counter)) (local.get $smallBucket)))))
      (local.set $from (local.get $to))
      (br_if $eachRun (i32.lt_u (local.get $from) (local.get $limit))))
    (local.get $from))

  ;; Sorts records (a[row], row) by a, stably (so in row order among equal keys): a least
  ;; significant digit radix sort in three passes of 11, 11 and 10 bits, from `rec` to `tmp` to
  ;; `rec` to `tmp`, where the sorted records end.
  (func $sortByKey (param $n i32) (param $a i32) (param $rec i32) (param $tmp i32) (param $hist i32)
    (local $i i32) (local $at i32) (local $sum i32) (local $c i32) (local $pass i32)
    (local $src i32) (local $dst i32) (local $shift i32) (local $counts i32)
    (loop $zero
      (i32.store (i32.add (local.get $hist) (i32.shl (local.get $i) (i32.const 2))) (i32.const 0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $zero (i32.lt_u (local.get $i) (i32.const 6144))))
    ;; The records, and the three digit counts, in one pass.
    (local.set $i (i32.const 0))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
        (call $fillRecords (local.get $a) (local.get $rec) (local.get $hist) (local.get $i) (call $sliceEnd (local.get $i) (local.get $n)))
        (local.set $i (call $sliceEnd (local.get $i) (local.get $n)))
        (br $fill)))
    ;; Counts to starts, digit by digit.
    (local.set $i (i32.const 0))
    (loop $starts
      (if (i32.eqz (i32.and (local.get $i) (i32.const 2047))) (then (local.set $sum (i32.const 0))))
      (local.set $at (i32.add (local.get $hist) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $c (i32.load (local.get $at)))
      (i32.store (local.get $at) (local.get $sum))
      (local.set $sum (i32.add (local.get $sum) (local.get $c)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $starts (i32.lt_u (local.get $i) (i32.const 6144))))
    ;; Three stable scatters, each by one digit.
    (local.set $src (local.get $rec))
    (local.set $dst (local.get $tmp))
    (local.set $counts (local.get $hist))
    (loop $passes
      (local.set $i (i32.const 0))
      (block $scattered
        (loop $scatter
          (br_if $scattered (i32.ge_u (local.get $i) (local.get $n)))
          (call $scatter (local.get $src) (local.get $dst) (local.get $counts) (local.get $shift) (local.get $i) (call $sliceEnd (local.get $i) (local.get $n)))
          (local.set $i (call $sliceEnd (local.get $i) (local.get $n)))
          (br $scatter)))
      (local.set $at (local.get $src))
      (local.set $src (local.get $dst))
      (local.set $dst (local.get $at))
      (local.set $shift (i32.add (local.get $shift) (i32.const 11)))
      (local.set $counts (i32.add (local.get $counts) (i32.const 8192)))
      (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
      (br_if $passes (i32.lt_u (local.get $pass) (i32.const 3)))))

  ;; Records (a[i], i) for i in [i, to), counted by each of the three digits.
  (func $fillRecords (param $a i32) (param $rec i32) (param $hist i32) (param $i i32) (param $to i32)
    (local $k i32) (local $at i32)
    (loop $fill
      (local.set $k (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $at (i32.add (local.get $rec) (i32.shl (local.get $i) (i32.const 3))))
      (i32.store (local.get $at) (local.get $k))
      (i32.store offset=4 (local.get $at) (local.get $i))
      (local.set $at (i32.add (local.get $hist) (i32.shl (i32.and (local.get $k) (i32.const 2047)) (i32.const 2))))
      (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
      (local.set $at (i32.add (local.get $hist) (i32.shl (i32.and (i32.shr_u (local.get $k) (i32.const 11)) (i32.const 2047)) (i32.const 2))))
      (i32.store offset=8192 (local.get $at) (i32.add (i32.load offset=8192 (local.get $at)) (i32.const 1)))
      (local.set $at (i32.add (local.get $hist) (i32.shl (i32.shr_u (local.get $k) (i32.const 22)) (i32.const 2))))
      (i32.store offset=16384 (local.get $at) (i32.add (i32.load offset=16384 (local.get $at)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (local.get $to)))))

  ;; Moves records [i, to) of `src` to their places in `dst` by the digit at `shift`.
  (func $scatter (param $src i32) (param $dst i32) (param $counts i32) (param $shift i32) (param $i i32) (param $to i32)
    (local $from i32) (local $at i32) (local $c i32)
    (loop $scatter
      (local.set $from (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $at (i32.add (local.get $counts)
        (i32.shl (i32.and (i32.shr_u (i32.load (local.get $from)) (local.get $shift)) (i32.const 2047)) (i32.const 2))))
      (local.set $c (i32.load (local.get $at)))
      (i32.store (local.get $at) (i32.add (local.get $c) (i32.const 1)))
      (i64.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3))) (i64.load (local.get $from)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $scatter (i32.lt_u (local.get $i) (local.get $to)))))

  ;; The repeats among order[from, to) (rows with equal a, in row order), written as pairs at
  ;; `found` from pair `count`; returns the new count. A run of more than `smallBucket` rows is
  ;; heap-sorted by (b, row) first, so a crafted file costs n log n, not n squared.
  (func $repeatsIn (param $a i32) (param $b i32) (param $order i32) (param $from i32) (param $to i32)
    (param $found i32) (param $count i32) (param $smallBucket i32) (result i32)
    (local $sorted i32) (local $first i32) (local $i i32) (local $j i32) (local $r i32) (local $q i32)
    (local.set $sorted (i32.gt_u (i32.sub (local.get $to) (local.get $from)) (local.get $smallBucket)))
    (if (local.get $sorted) (then (call $heapSort (local.get $a) (local.get $b) (local.get $order) (local.get $from) (local.get $to))))
    ;; In row order, the first row equal to a later one is its original.
    (local.set $first (local.get $from))
    (local.set $i (i32.add (local.get $from) (i32.const 1)))
    (loop $eachLater
      (local.set $r (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))))
      (if (local.get $sorted) (then
        (local.set $q (i32.load (i32.add (local.get $order) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2)))))
        (if (i32.eqz (call $sameRow (local.get $a) (local.get $b) (local.get $q) (local.get $r))) (then (local.set $first (local.get $i))))))
      (local.set $j (local.get $first))
      (block $matched
        (loop $eachEarlier
          (br_if $matched (i32.ge_u (local.get $j) (local.get $i)))
          (local.set $q (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))))
          (if (call $sameRow (local.get $a) (local.get $b) (local.get $q) (local.get $r)) (then
            (i32.store (i32.add (local.get $found) (i32.shl (local.get $count) (i32.const 3))) (local.get $r))
            (i32.store offset=4 (i32.add (local.get $found) (i32.shl (local.get $count) (i32.const 3))) (local.get $q))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (br $matched)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $eachEarlier)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $eachLater (i32.lt_u (local.get $i) (local.get $to))))
    (local.get $count))

  (func $sameRow (param $a i32) (param $b i32) (param $q i32) (param $r i32) (result i32)
    (i32.and
      (i32.eq (i32.load (i32.add (local.get $a) (i32.shl (local.get $q) (i32.const 2)))) (i32.load (i32.add (local.get $a) (i32.shl (local.get $r) (i32.const 2)))))
      (i32.eq (i32.load (i32.add (local.get $b) (i32.shl (local.get $q) (i32.const 2)))) (i32.load (i32.add (local.get $b) (i32.shl (local.get $r) (i32.const 2)))))))

  ;; Whether row x comes before row y by (a, b, row): fingerprints as signed numbers.
  (func $before (param $a i32) (param $b i32) (param $x i32) (param $y i32) (result i32)
    (local $ax i32) (local $ay i32) (local $bx i32) (local $by i32)
    (local.set $ax (i32.load (i32.add (local.get $a) (i32.shl (local.get $x) (i32.const 2)))))
    (local.set $ay (i32.load (i32.add (local.get $a) (i32.shl (local.get $y) (i32.const 2)))))
    (if (i32.ne (local.get $ax) (local.get $ay)) (then (return (i32.lt_s (local.get $ax) (local.get $ay)))))
    (local.set $bx (i32.load (i32.add (local.get $b) (i32.shl (local.get $x) (i32.const 2)))))
    (local.set $by (i32.load (i32.add (local.get $b) (i32.shl (local.get $y) (i32.const 2)))))
    (if (i32.ne (local.get $bx) (local.get $by)) (then (return (i32.lt_s (local.get $bx) (local.get $by)))))
    (i32.lt_u (local.get $x) (local.get $y)))

  ;; Heap sort of order[from, to) by (a, b, row): n log n whatever the bucket holds.
  (func $heapSort (param $a i32) (param $b i32) (param $order i32) (param $from i32) (param $to i32)
    (local $n i32) (local $i i32) (local $t i32) (local $base i32)
    (local.set $base (i32.add (local.get $order) (i32.shl (local.get $from) (i32.const 2))))
    (local.set $n (i32.sub (local.get $to) (local.get $from)))
    (local.set $i (i32.shr_u (local.get $n) (i32.const 1)))
    (block $built
      (loop $build
        (br_if $built (i32.eqz (local.get $i)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (call $siftDown (local.get $a) (local.get $b) (local.get $base) (local.get $i) (local.get $n))
        (br $build)))
    (local.set $i (local.get $n))
    (block $done
      (loop $extract
        (br_if $done (i32.le_u (local.get $i) (i32.const 1)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (local.set $t (i32.load (local.get $base)))
        (i32.store (local.get $base) (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2)))))
        (i32.store (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))) (local.get $t))
        (call $siftDown (local.get $a) (local.get $b) (local.get $base) (i32.const 0) (local.get $i))
        (br $extract))))

  (func $siftDown (param $a i32) (param $b i32) (param $base i32) (param $i i32) (param $n i32)
    (local $child i32) (local $top i32) (local $at i32)
    (local.set $top (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2)))))
    (block $placed
      (loop $down
        (local.set $child (i32.add (i32.shl (local.get $i) (i32.const 1)) (i32.const 1)))
        (br_if $placed (i32.ge_u (local.get $child) (local.get $n)))
        ;; The later (larger) of the two children.
        (if (i32.lt_u (i32.add (local.get $child) (i32.const 1)) (local.get $n)) (then
          (if (call $before (local.get $a) (local.get $b)
                (i32.load (i32.add (local.get $base) (i32.shl (local.get $child) (i32.const 2))))
                (i32.load (i32.add (local.get $base) (i32.shl (i32.add (local.get $child) (i32.const 1)) (i32.const 2)))))
            (then (local.set $child (i32.add (local.get $child) (i32.const 1)))))))
        (local.set $at (i32.load (i32.add (local.get $base) (i32.shl (local.get $child) (i32.const 2)))))
        (br_if $placed (i32.eqz (call $before (local.get $a) (local.get $b) (local.get $top) (local.get $at))))
        (i32.store (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))) (local.get $at))
        (local.set $i (local.get $child))
        (br $down)))
    (i32.store (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))) (local.get $top)))
)

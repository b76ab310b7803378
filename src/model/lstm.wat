;; One LSTM step for the register head's float path (src/model/fast.ts), four lanes at a time (wasm SIMD).
;; Float32 throughout, as the tfjs forward pass it stands in for. Regenerate src/model/lstm-wasm.ts after an
;; edit: `npm run build:kernel` (test/model/kernel.test.ts checks the two agree).
;;
;; Memory, laid out by the caller: every word's input projection (4 gates × Hp floats, gate order i f c o),
;; the recurrent weights U (Hp rows of 4·Hp), scratch z (4·Hp), a phrase's word ids and its states; Hp = 4n,
;; the hidden size padded to a multiple of four with zero weights (a padded unit stays at zero).
(module
  (memory (export "memory") 1)

  ;; tanh to float32 accuracy: Eigen's 13/6 rational fit, clamped where tanh rounds to ±1.
  (func $tanh (param $x v128) (result v128)
    (local $x2 v128) (local $p v128) (local $q v128)
    (local.set $x (f32x4.min (f32x4.max (local.get $x) (v128.const f32x4 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805)) (v128.const f32x4 7.90531110763549805 7.90531110763549805 7.90531110763549805 7.90531110763549805)))
    (local.set $x2 (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $p (v128.const f32x4 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2)) (v128.const f32x4 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2)) (v128.const f32x4 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2)) (v128.const f32x4 5.12229709037114e-8 5.12229709037114e-8 5.12229709037114e-8 5.12229709037114e-8)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2)) (v128.const f32x4 1.48572235717979e-5 1.48572235717979e-5 1.48572235717979e-5 1.48572235717979e-5)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2)) (v128.const f32x4 6.37261928875436e-4 6.37261928875436e-4 6.37261928875436e-4 6.37261928875436e-4)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $x2)) (v128.const f32x4 4.89352455891786e-3 4.89352455891786e-3 4.89352455891786e-3 4.89352455891786e-3)))
    (local.set $q (v128.const f32x4 1.19825839466702e-6 1.19825839466702e-6 1.19825839466702e-6 1.19825839466702e-6))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $x2)) (v128.const f32x4 1.18534705686654e-4 1.18534705686654e-4 1.18534705686654e-4 1.18534705686654e-4)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $x2)) (v128.const f32x4 2.26843463243900e-3 2.26843463243900e-3 2.26843463243900e-3 2.26843463243900e-3)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $x2)) (v128.const f32x4 4.89352518554385e-3 4.89352518554385e-3 4.89352518554385e-3 4.89352518554385e-3)))
    (f32x4.div (f32x4.mul (local.get $x) (local.get $p)) (local.get $q)))

  (func $sigmoid (param $x v128) (result v128)
    (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5)
      (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (call $tanh (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (local.get $x))))))

;; One token: z = input + h·U, then c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'). Byte offsets.
  (func $step (param $input i32) (param $U i32) (param $h i32) (param $c i32) (param $h2 i32) (param $c2 i32) (param $z i32) (param $n i32)
    (local $i i32) (local $j i32) (local $row i32) (local $width i32) (local $gate i32) (local $hi v128) (local $cv v128)
    (local.set $width (i32.mul (local.get $n) (i32.const 64)))
    (local.set $j (i32.const 0))
    (loop $copy
      (v128.store (i32.add (local.get $z) (local.get $j)) (v128.load (i32.add (local.get $input) (local.get $j))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $copy (i32.lt_u (local.get $j) (local.get $width))))
    (local.set $i (i32.const 0))
    (local.set $row (local.get $U))
    (loop $rows
      (local.set $hi (f32x4.splat (f32.load (i32.add (local.get $h) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $j (i32.const 0))
      (loop $cols
        (v128.store (i32.add (local.get $z) (local.get $j))
          (f32x4.add (v128.load (i32.add (local.get $z) (local.get $j)))
                     (f32x4.mul (local.get $hi) (v128.load (i32.add (local.get $row) (local.get $j))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br_if $cols (i32.lt_u (local.get $j) (local.get $width))))
      (local.set $row (i32.add (local.get $row) (local.get $width)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $i) (i32.shl (local.get $n) (i32.const 2)))))
    ;; Gate k of lanes j..j+3 is at z + k·gate + j.
    (local.set $gate (i32.mul (local.get $n) (i32.const 16)))
    (local.set $j (i32.const 0))
    (loop $cells
      (local.set $cv
        (f32x4.add
          (f32x4.mul
            (call $sigmoid (v128.load (i32.add (local.get $z) (i32.add (local.get $gate) (local.get $j)))))
            (v128.load (i32.add (local.get $c) (local.get $j))))
          (f32x4.mul
            (call $sigmoid (v128.load (i32.add (local.get $z) (local.get $j))))
            (call $tanh (v128.load (i32.add (local.get $z) (i32.add (i32.shl (local.get $gate) (i32.const 1)) (local.get $j))))))))
      (v128.store (i32.add (local.get $c2) (local.get $j)) (local.get $cv))
      (v128.store (i32.add (local.get $h2) (local.get $j))
        (f32x4.mul
          (call $sigmoid (v128.load (i32.add (local.get $z) (i32.add (i32.mul (local.get $gate) (i32.const 3)) (local.get $j)))))
          (call $tanh (local.get $cv))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $cells (i32.lt_u (local.get $j) (local.get $gate)))))

  ;; Tokens from..to-1 of the word ids at $ids (i32): state t (h then c, 2·Hp floats, at $states) is the state
  ;; after t tokens; each step reads state t and writes state t + 1.
  (func (export "run") (param $inputs i32) (param $U i32) (param $states i32) (param $z i32) (param $ids i32) (param $from i32) (param $to i32) (param $n i32)
    (local $t i32) (local $size i32) (local $half i32) (local $state i32)
    (local.set $half (i32.mul (local.get $n) (i32.const 16)))
    (local.set $size (i32.shl (local.get $half) (i32.const 1)))
    (local.set $t (local.get $from))
    (block $done
      (loop $tokens
        (br_if $done (i32.ge_u (local.get $t) (local.get $to)))
        (local.set $state (i32.add (local.get $states) (i32.mul (local.get $t) (local.get $size))))
        (call $step
          (i32.add (local.get $inputs) (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $t) (i32.const 2)))) (i32.shl (local.get $size) (i32.const 1))))
          (local.get $U)
          (local.get $state)
          (i32.add (local.get $state) (local.get $half))
          (i32.add (local.get $state) (local.get $size))
          (i32.add (local.get $state) (i32.add (local.get $size) (local.get $half)))
          (local.get $z)
          (local.get $n))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tokens))))
)

NAME tiny FREE
OBJSENSE
    MAX
ROWS
 N  profit
 L  cap
 G  floor
 E  link
COLUMNS
    MARKER  'MARKER'  'INTORG'
    x  profit  3  cap  1
    x  link  1
    MARKER  'MARKER'  'INTEND'
    y  profit  2  cap  2
    y  floor  1  link  -1
RHS
    rhs  cap  10  floor  1
    rhs  profit  -5
RANGES
    rng  cap  4  link  -2
BOUNDS
 UP bnd x 8
 LO bnd y -1
 MI bnd y
 FR bnd z
ENDATA

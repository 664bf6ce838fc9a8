/* bcryptprimitives.dll for wine 8.0: Go 1.22+ binaries need ProcessPrng,
   which wine 8.0 lacks; this one fills the buffer with advapi32's
   RtlGenRandom (SystemFunction036). Built by the e2e suite with mingw-w64. */
#include <windows.h>
typedef BOOLEAN (WINAPI *gen_random)(PVOID, ULONG);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    static gen_random fn;
    if (!fn) fn = (gen_random)GetProcAddress(LoadLibraryA("advapi32.dll"), "SystemFunction036");
    while (size > 0) {
        ULONG n = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!fn || !fn(data, n)) return FALSE;
        data += n; size -= n;
    }
    return TRUE;
}

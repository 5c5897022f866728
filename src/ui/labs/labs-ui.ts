/**
 * What the labs UI has open: the labs dialog (and its tab) and the share popover. A tiny store of
 * its own, like the gesture layer's: none of it is part of the lab.
 */
import { create } from 'zustand';

export type LabsTab = 'saved' | 'export' | 'import';

interface LabsUi {
  /** The labs dialog's open tab, or null when it is closed. */
  dialog: LabsTab | null;
  shareOpen: boolean;
  openDialog: (tab?: LabsTab) => void;
  closeDialog: () => void;
  setShareOpen: (open: boolean) => void;
}

export const useLabsUi = create<LabsUi>()((set) => ({
  dialog: null,
  shareOpen: false,
  openDialog: (tab = 'saved') => set({ dialog: tab, shareOpen: false }),
  closeDialog: () => set({ dialog: null }),
  setShareOpen: (open) => set({ shareOpen: open }),
}));
